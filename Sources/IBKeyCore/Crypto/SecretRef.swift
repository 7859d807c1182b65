/// A range of a guarded buffer: lets several secrets share one decrypted
/// buffer instead of one guarded allocation (and its guard pages) each.
public struct SecretRef {
    /// The guarded buffer the secret lives in, kept alive by this reference.
    public let storage: SecureBytes
    /// Where in `storage` the secret is.
    public let range: Range<Int>

    /// A part of a buffer, such as a key inside a decrypted record.
    /// - Parameters:
    ///   - storage: the buffer.
    ///   - range: the secret's bytes in it.
    public init(_ storage: SecureBytes, _ range: Range<Int>) { self.storage = storage; self.range = range }
    /// The whole of a buffer.
    /// - Parameter whole: the buffer.
    public init(_ whole: SecureBytes) { self.init(whole, 0..<whole.count) }

    /// The secret's length in bytes.
    public var count: Int { range.count }

    /// A guarded buffer holding exactly these bytes.
    /// - Returns: `storage` itself when the range is all of it, else a copy.
    public func materialize() -> SecureBytes {
        range == 0..<storage.count ? storage : SecureBytes(copying: storage, range: range)
    }
}
