/// The white space that XML, JSON and base64 text around ibkey's values may
/// hold: space, tab, line feed, carriage return (XML 1.0 `S`, JSON `ws`).
enum ASCIISpace {
    @inline(__always) static func contains(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D }

    /// The positions of `bytes` without white space at either end; nil when all is white space.
    static func trimmed<C: BidirectionalCollection>(_ bytes: C) -> ClosedRange<C.Index>? where C.Element == UInt8 {
        guard let first = bytes.firstIndex(where: { !contains($0) }), let last = bytes.lastIndex(where: { !contains($0) }) else { return nil }
        return first...last
    }
}
