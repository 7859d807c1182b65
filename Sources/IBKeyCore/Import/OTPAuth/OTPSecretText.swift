/// The `secret` of an otpauth URI: RFC 4648 base32, read as authenticator
/// apps read it. Unlike `RawSecret` it is never hex (the Key Uri Format says
/// base32, and a base32 key of only `A–F` and digits would otherwise be
/// misread), and unlike `Base32.decode` it ignores the unused low bits of
/// the last character: services that draw random base32 characters
/// (instead of encoding random bytes) leave them set, and Google
/// Authenticator and Python's base64 ignore them (RFC 4648 §3.5 lets a
/// decoder choose). Lengths no whole number of bytes gives stay refused.
enum OTPSecretText {
    /// Decodes the key, in guarded memory, from text in guarded memory:
    /// either case; spaces ignored anywhere; `=` padding optional, only at the end.
    /// - Throws: `OTPAuthError.invalid(parameter: "secret")`, never quoting the text.
    static func decode(_ text: SecureBytes) throws -> SecureBytes {
        func refuse(_ why: String) -> OTPAuthError { .invalid(parameter: "secret", reason: why) }
        return try text.withBytes { b in
            let chars = b.lazy.filter { $0 != 0x20 && $0 != 0x3D } // spaces, '='
            if let pad = b.firstIndex(of: 0x3D), b[pad...].contains(where: { $0 != 0x3D && $0 != 0x20 }) {
                throw refuse("is not base32: '=' padding in the middle")
            }
            let count = chars.count
            guard count > 0 else { throw refuse("is empty") }
            guard ![1, 3, 6].contains(count % 8) else { throw refuse("is not base32: \(count) characters cannot encode whole bytes") }
            let out = SecureBytes(count: count * 5 / 8)
            try out.withMutableBytes { o in
                var buffer: UInt64 = 0, bits = 0, n = 0, position = 0
                defer { buffer = 0 }
                for c in chars {
                    position += 1
                    guard let v = Base32.value(c) else { throw refuse("is not base32: character \(position) is outside A–Z and 2–7") }
                    buffer = (buffer << 5 | UInt64(v)) & 0xFFFF // at most 12 bits are ever pending
                    bits += 5
                    if bits >= 8 {
                        bits -= 8
                        o[n] = UInt8(truncatingIfNeeded: buffer >> UInt64(bits))
                        n += 1
                    }
                }
            }
            return out
        }
    }
}
