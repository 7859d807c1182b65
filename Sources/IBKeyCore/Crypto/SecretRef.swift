/// A range of a guarded buffer: lets several secrets share one decrypted
/// buffer instead of one guarded allocation (and its guard pages) each.
public struct SecretRef {
    public let storage: SecureBytes
    public let range: Range<Int>

    public init(_ storage: SecureBytes, _ range: Range<Int>) { self.storage = storage; self.range = range }
    public init(_ whole: SecureBytes) { self.init(whole, 0..<whole.count) }

    public var count: Int { range.count }

    /// A guarded buffer holding exactly these bytes.
    public func materialize() -> SecureBytes {
        range == 0..<storage.count ? storage : SecureBytes(copying: storage, range: range)
    }
}
