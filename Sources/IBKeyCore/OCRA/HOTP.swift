/// HOTP (RFC 4226): OCRA's base, HMAC-SHA-1 over an 8-byte counter, truncated.
public enum HOTP {
    /// One HOTP value. Responses come from `OCRA`; this serves `selftest`,
    /// which checks RFC 4226's vectors.
    /// - Parameters:
    ///   - key: the shared secret.
    ///   - counter: the 8-byte moving factor.
    ///   - digits: decimal digits to keep, 1 to 10 (RFC 4226 uses 6).
    /// - Returns: the value, zero-padded to `digits`.
    public static func generate(key: SecureBytes, counter: UInt64, digits: Int) -> String {
        let mac = KeyedHMAC(algorithm: .sha1, key: key)
        var msg = [UInt8](repeating: 0, count: 8)
        for i in 0..<8 { msg[i] = UInt8(truncatingIfNeeded: counter >> (56 - 8 * UInt64(i))) }
        let out = mac.mac(msg)
        return out.withUnsafeBytes { OCRA.truncate($0, digits: digits) }
    }
}
