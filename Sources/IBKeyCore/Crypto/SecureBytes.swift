import CSodium

/// A secret held in libsodium guarded memory (`sodium_malloc`): guard pages on
/// both sides, `mlock`ed where the system allows, and wiped (`sodium_free`
/// zeroes it) when the last reference goes away. Keys, PINs, the data key and
/// decrypted vault bodies live only in these.
public final class SecureBytes: @unchecked Sendable {
    /// The secret's length in bytes (guard pages and alignment aside).
    public let count: Int
    private let base: UnsafeMutableRawPointer

    /// A zero-filled buffer of `count` bytes. Traps when guarded memory runs out.
    /// - Parameter count: the length, 0 or more.
    public init(count: Int) {
        requireSodium()
        precondition(count >= 0)
        self.count = count
        // sodium_malloc(0) may return NULL; keep one byte so `base` is always valid.
        guard let p = sodium_malloc(Swift.max(count, 1)) else {
            fatalError("out of guarded memory")
        }
        self.base = p
        sodium_memzero(p, Swift.max(count, 1))
    }

    /// Copies `bytes` in. The caller stays responsible for its own copy.
    /// - Parameter bytes: the bytes to protect.
    public convenience init<C: Collection>(copying bytes: C) where C.Element == UInt8 {
        self.init(count: bytes.count)
        // Contiguous bytes (arrays, slices of them) in one copy; byte by
        // byte only for other collections (a 64 KiB PSKC file went byte by byte).
        let copied: Void? = bytes.withContiguousStorageIfAvailable { src in
            if let from = src.baseAddress, src.count > 0 { base.copyMemory(from: from, byteCount: src.count) }
        }
        if copied == nil {
            var i = 0
            for b in bytes { base.storeBytes(of: b, toByteOffset: i, as: UInt8.self); i += 1 }
        }
    }

    /// Copies raw bytes in (non-generic: no runtime witness lookup, one memcpy).
    /// - Parameter bytes: the bytes to protect.
    public convenience init(copying bytes: UnsafeRawBufferPointer) {
        self.init(count: bytes.count)
        if let src = bytes.baseAddress, bytes.count > 0 {
            base.copyMemory(from: src, byteCount: bytes.count)
        }
    }

    /// Copies `range` of another secret.
    /// - Parameters:
    ///   - other: the secret to copy from.
    ///   - range: the bytes of `other` to copy.
    public convenience init(copying other: SecureBytes, range: Range<Int>) {
        self.init(count: range.count)
        other.withBytes { src in
            base.copyMemory(from: src.baseAddress!.advanced(by: range.lowerBound), byteCount: range.count)
        }
    }

    deinit { sodium_free(base) }

    /// Lends the bytes for reading, in place. The pointer must not escape `body`.
    /// - Parameter body: reads the bytes.
    /// - Returns: what `body` returns.
    /// - Throws: what `body` throws.
    public func withBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try body(UnsafeRawBufferPointer(start: base, count: count))
    }

    /// Lends the bytes for writing, in place. The pointer must not escape `body`.
    /// - Parameter body: writes the bytes.
    /// - Returns: what `body` returns.
    /// - Throws: what `body` throws.
    public func withMutableBytes<R>(_ body: (UnsafeMutableRawBufferPointer) throws -> R) rethrows -> R {
        try body(UnsafeMutableRawBufferPointer(start: base, count: count))
    }

    /// One byte, read in place; traps when `i` is out of range.
    /// - Parameter i: a position in `0..<count`.
    public subscript(i: Int) -> UInt8 {
        precondition(i >= 0 && i < count)
        return base.load(fromByteOffset: i, as: UInt8.self)
    }

    /// Constant-time equality (`sodium_memcmp`); lengths are not secret.
    /// - Parameter other: the secret to compare with.
    /// - Returns: whether both hold the same bytes.
    public func constantTimeEquals(_ other: SecureBytes) -> Bool {
        guard count == other.count else { return false }
        if count == 0 { return true }
        return other.withBytes { o in sodium_memcmp(base, o.baseAddress!, count) == 0 }
    }

    /// A copy of the bytes in ordinary memory. Only for values that stop being
    /// secret (a response) or for tests; never for keys in the product.
    /// - Returns: the bytes, in an ordinary array.
    public func unprotectedCopy() -> [UInt8] {
        withBytes { Array($0) }
    }
}
