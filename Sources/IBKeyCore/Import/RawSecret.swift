/// A raw OCRA key as other tools keep it: hex, or RFC 4648 base32 (with or
/// without `=` padding); spaces, tabs and `-` are ignored, and so is case.
/// Docs/IMPORT.md, "Raw secrets".
public enum RawSecret {
    /// The key's bytes, decoded into guarded memory. Text that is all hex
    /// digits is hex (an even number of them); anything else must be base32.
    /// - Parameter text: the secret as typed or read, in guarded memory.
    /// - Returns: the key, in guarded memory (its length is checked later, by `ImportedKey`).
    /// - Throws: `.badInput`, never quoting the text.
    public static func decode(_ text: SecureBytes) throws -> SecureBytes {
        let ignored: Set<UInt8> = [0x20, 0x09, 0x2D]
        return try text.withBytes { b in
            let kept = b.lazy.filter { !ignored.contains($0) }
            guard kept.contains(where: { $0 != 0x3D }) else { throw IBKeyError.badInput("the secret is empty") }
            if kept.allSatisfy({ Hex.value($0) != nil }) {
                guard let key = Hex.decodeSecret(b, ignoring: ignored) else {
                    throw IBKeyError.badInput("the secret looks like hex but has an odd number of digits")
                }
                return key
            }
            return try base32(b, ignoring: ignored.union([0x3D]))
        }
    }

    /// Base32 without copying the text out of guarded memory.
    private static func base32(_ b: UnsafeRawBufferPointer, ignoring: Set<UInt8>) throws -> SecureBytes {
        // Padding only at the end: after the first '=', nothing but more '='.
        if let pad = b.firstIndex(of: 0x3D), b[pad...].contains(where: { $0 != 0x3D && !ignoring.contains($0) }) {
            throw IBKeyError.badInput("the secret is neither hex nor base32: '=' padding in the middle")
        }
        // The kept characters, read in place: no copy of the text.
        let chars = b.lazy.filter { !ignoring.contains($0) }
        let count = chars.count
        let out = SecureBytes(count: count * 5 / 8)
        let written: Int
        do {
            written = try out.withMutableBytes { o in try Base32.decode(chars, positions: Array(0..<count), into: o) }
        } catch Base32.DecodeError.badCharacter(_, let position) {
            throw IBKeyError.badInput("the secret is neither hex nor base32: character \(position + 1) is not in either alphabet")
        } catch {
            throw IBKeyError.badInput("the secret is neither hex nor base32: its length does not decode")
        }
        return written == out.count ? out : SecureBytes(copying: out, range: 0..<written)
    }
}

extension RawSecret {
    /// A TOTP or HOTP secret as websites print it (`JBSW Y3DP EHPK 3PXP`):
    /// RFC 4648 base32 in either case, spaces anywhere, `=` padding optional,
    /// the unused low bits of the last character ignored, as in an otpauth
    /// URI (`OTPSecretText`). Never hex: a base32 key of only digits and A–F
    /// would be misread.
    /// - Parameter text: the secret as typed or read, in guarded memory.
    /// - Returns: the key, in guarded memory (its length is checked later).
    /// - Throws: `.badInput`, never quoting the text.
    public static func decodeBase32(_ text: SecureBytes) throws -> SecureBytes {
        do { return try OTPSecretText.decode(text) } catch OTPAuthError.invalid(_, let reason) {
            throw IBKeyError.badInput("the secret \(reason)")
        }
    }
}
