import CSodium

/// Random bytes from libsodium (`randombytes_buf`, the kernel's CSPRNG).
public enum Random {
    /// `n` random bytes in ordinary memory: nonces and salts, never secrets.
    /// - Parameter n: how many bytes.
    /// - Returns: the bytes.
    public static func bytes(_ n: Int) -> [UInt8] {
        requireSodium()
        var out = [UInt8](repeating: 0, count: n)
        out.withUnsafeMutableBytes { randombytes_buf($0.baseAddress!, n) }
        return out
    }

    /// A new random secret of `n` bytes, born in guarded memory.
    /// - Parameter n: how many bytes (a key's length).
    /// - Returns: the secret.
    public static func secret(_ n: Int) -> SecureBytes {
        let s = SecureBytes(count: n)
        s.withMutableBytes { randombytes_buf($0.baseAddress!, n) }
        return s
    }

    /// A uniform random integer in `0..<upperBound`, without modulo bias
    /// (`randombytes_uniform` rejects the biased range).
    /// - Parameter upperBound: one more than the largest value (10^6 for a
    ///   6-digit challenge).
    /// - Returns: the number.
    public static func uniform(_ upperBound: UInt32) -> UInt32 {
        requireSodium()
        return randombytes_uniform(upperBound)
    }
}
