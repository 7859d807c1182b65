import CSodium

/// Random bytes from libsodium (`randombytes_buf`, the kernel's CSPRNG).
public enum Random {
    /// `n` random bytes in ordinary memory: nonces and salts, never secrets.
    public static func bytes(_ n: Int) -> [UInt8] {
        requireSodium()
        var out = [UInt8](repeating: 0, count: n)
        out.withUnsafeMutableBytes { randombytes_buf($0.baseAddress!, n) }
        return out
    }

    /// A new random secret of `n` bytes, born in guarded memory.
    public static func secret(_ n: Int) -> SecureBytes {
        let s = SecureBytes(count: n)
        s.withMutableBytes { randombytes_buf($0.baseAddress!, n) }
        return s
    }

    /// A uniform random integer in `0..<upperBound`, without modulo bias
    /// (`randombytes_uniform` rejects the biased range).
    public static func uniform(_ upperBound: UInt32) -> UInt32 {
        requireSodium()
        return randombytes_uniform(upperBound)
    }
}
