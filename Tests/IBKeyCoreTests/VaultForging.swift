@testable import IBKeyCore

/// What a forger with write access can do to a vault file's bytes, for the
/// tests that check such edits are caught (Docs/VAULT.md, "Layout").
enum Forging {
    static func u32(_ b: [UInt8], _ o: Int) -> Int { Int(b[o]) << 24 | Int(b[o + 1]) << 16 | Int(b[o + 2]) << 8 | Int(b[o + 3]) }
    /// The fixed header's length F.
    static func headerLength(_ b: [UInt8]) -> Int { u32(b, 10) }
    static func version(_ b: [UInt8]) -> UInt16 { UInt16(b[8]) << 8 | UInt16(b[9]) }
    /// Where the directory starts: after the header checksum, and in format 4 after the attempt cells.
    static func directoryStart(_ b: [UInt8]) -> Int { headerLength(b) + 32 + (version(b) >= 4 ? 64 : 0) }

    /// Fixes the header checksum after an edit and, in format 4, the attempt
    /// cells bound to it (their counts kept), as a forger can.
    static func rechecksummed(_ bytes: [UInt8]) -> [UInt8] {
        let h = headerLength(bytes)
        var b = bytes
        let sum = BLAKE2b.hash(Array(bytes[0..<h]))
        b.replaceSubrange(h..<(h + 32), with: sum)
        if version(b) >= 4 {
            let counts = AttemptCells.Counts(pin: UInt16(b[h + 32]) << 8 | UInt16(b[h + 33]),
                                             recovery: UInt16(b[h + 34]) << 8 | UInt16(b[h + 35]))
            b.replaceSubrange((h + 32)..<(h + 96), with: AttemptCells.pair(counts, headerChecksum: sum[...]))
        }
        return b
    }

    /// Fixes the directory checksum (in the fixed header), then the header's.
    static func forged(_ bytes: [UInt8]) -> [UInt8] {
        let h = headerLength(bytes)
        let d = h - 64 - 8 // directory length: after the user count, before the records length and the two checksums
        let length = u32(bytes, d)
        let start = directoryStart(bytes)
        var b = bytes
        b.replaceSubrange((h - 64)..<(h - 32), with: BLAKE2b.hash(Array(bytes[start..<(start + length)])))
        return rechecksummed(b)
    }

    /// Where a vault's recovery slot starts (after the 98-byte PIN slot).
    static let recoverySlot = 15 + 98
}
