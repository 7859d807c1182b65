import CSodium

/// Comparisons whose time does not depend on where two values differ
/// (`sodium_memcmp`): keys, MACs, checks and responses are compared this way.
public enum ConstantTime {
    /// True when `a` and `b` are equal. Lengths are not secret.
    /// - Parameters:
    ///   - a: one value, such as a computed MAC.
    ///   - b: the other, such as the MAC a file holds.
    /// - Returns: whether they have the same length and bytes.
    public static func equals(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        if a.isEmpty { return true }
        return a.withUnsafeBytes { x in b.withUnsafeBytes { y in
            sodium_memcmp(x.baseAddress!, y.baseAddress!, a.count) == 0 } }
    }
}
