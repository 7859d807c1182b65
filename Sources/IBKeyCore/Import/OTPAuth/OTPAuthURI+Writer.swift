extension OTPAuthURI {
    /// The canonical URI of an account, as Google's format recommends it: the
    /// issuer both as the label's prefix (for older apps) and as the `issuer`
    /// parameter, the secret in upper-case base32 without padding, and
    /// `algorithm`, `digits` and `period` (or `counter`) always written, so
    /// no reader has to know the defaults. Names and the issuer are
    /// percent-encoded except `A–Z a–z 0–9 - . _ ~`. A name holding a colon,
    /// without an issuer, gets an empty prefix (`:a:b`) so that its first
    /// colon is not read as the separator. `parse(uri(for: a)) == a` for every account.
    /// - Parameter account: the account.
    /// - Returns: the URI's bytes, in guarded memory (it holds the key); the
    ///   intermediate copy of the base32 text is wiped.
    public static func uri(for account: OTPAccount) -> SecureBytes {
        let suite = account.suite
        var head = Array("otpauth://\(suite.usesCounter ? "hotp" : "totp")/".utf8)
        if let issuer = account.issuer {
            head += PercentCoding.encode(issuer) + [0x3A]
        } else if account.name.utf8.contains(0x3A) {
            head.append(0x3A)
        }
        head += PercentCoding.encode(account.name) + Array("?secret=".utf8)
        var tail: [UInt8] = []
        if let issuer = account.issuer { tail += Array("&issuer=".utf8) + PercentCoding.encode(issuer) }
        tail += Array("&algorithm=\(suite.hash.rawValue)&digits=\(suite.digits)".utf8)
        switch suite.kind {
        case .totp(let period): tail += Array("&period=\(period)".utf8)
        case .hotp: tail += Array("&counter=\(account.counter ?? 0)".utf8)
        }
        var key = account.secret.withBytes { Base32.encode($0) }
        defer { for i in key.indices { key[i] = 0 } }
        let out = SecureBytes(count: head.count + key.count + tail.count)
        out.withMutableBytes { o in
            // Each part copied on its own: an array of the three would share
            // the key's storage, and the wipe below would then copy it, not clear it.
            head.withUnsafeBytes { o.copyMemory(from: $0) }
            key.withUnsafeBytes { UnsafeMutableRawBufferPointer(rebasing: o[head.count...]).copyMemory(from: $0) }
            tail.withUnsafeBytes { UnsafeMutableRawBufferPointer(rebasing: o[(head.count + key.count)...]).copyMemory(from: $0) }
        }
        return out
    }
}
