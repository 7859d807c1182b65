/// HOTP (RFC 4226): OCRA's base, HMAC-SHA-1 over an 8-byte counter, truncated.
public enum HOTP {
    public static func generate(key: SecureBytes, counter: UInt64, digits: Int) -> String {
        let mac = KeyedHMAC(algorithm: .sha1, key: key)
        var msg = [UInt8](repeating: 0, count: 8)
        for i in 0..<8 { msg[i] = UInt8(truncatingIfNeeded: counter >> (56 - 8 * UInt64(i))) }
        let out = mac.mac(msg)
        return out.withUnsafeBytes { OCRA.truncate($0, digits: digits) }
    }
}
