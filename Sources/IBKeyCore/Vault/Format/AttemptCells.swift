/// The failed-attempt counts of a format-4 file (Docs/VAULT.md, "Attempt
/// cells"): two 32-byte cells right after the fixed header's checksum, each
/// failed PIN (2) ‖ failed recovery PIN (2) ‖ zero (12) ‖ check (16).
///
/// Why cells: a wrong PIN must be counted before the key derivation's result
/// is used (else a write that fails — a full disk, `ulimit -f 0` — would leave
/// it uncounted while the answer still differs). Counting by rewriting the
/// whole file would make every `respond` pay for it; overwriting 32 bytes in
/// place, as the counter cells are, costs one `pwrite` and one `fdatasync`.
///
/// The check is an unkeyed BLAKE2b-128 (no key exists before the PIN is
/// tried) over a label, the header's checksum and the counts: it finds a torn
/// or damaged cell and a cell from another file, not someone who can write
/// the file (who can also copy it and guess offline: the KDF defends then).
/// A value is read as the larger of the two valid cells, field by field, so
/// that a raise written to one cell counts at once, and a count is only
/// lowered once both cells are.
enum AttemptCells {
    /// The two counts.
    struct Counts: Equatable {
        var pin: UInt16
        var recovery: UInt16

        static let zero = Counts(pin: 0, recovery: 0)

        subscript(kind: PINKind) -> UInt16 {
            get { kind == .pin ? pin : recovery }
            set { if kind == .pin { pin = newValue } else { recovery = newValue } }
        }
    }

    static let label = Array("IBKEYATT".utf8)

    /// One cell holding `counts`, bound to the header whose checksum is `headerChecksum`.
    static func cell(_ counts: Counts, headerChecksum: ArraySlice<UInt8>) -> [UInt8] {
        var w = ByteWriter()
        w.u16(counts.pin); w.u16(counts.recovery)
        w.raw([UInt8](repeating: 0, count: 12))
        let check = BLAKE2b.hash(label + Array(headerChecksum) + w.bytes, length: 16)
        return w.bytes + check
    }

    /// Both cells holding `counts`: what a whole write stores.
    static func pair(_ counts: Counts, headerChecksum: ArraySlice<UInt8>) -> [UInt8] {
        let c = cell(counts, headerChecksum: headerChecksum)
        return c + c
    }

    /// What a pair says.
    struct Reading: Equatable {
        /// The counts: each the larger of the valid cells' values.
        let counts: Counts
        /// The cell a raise writes first (the one that is spoiled, or else the first).
        let first: Int
    }

    /// The pair's reading, or nil when neither cell is valid (damage).
    static func read(_ bytes: ArraySlice<UInt8>, headerChecksum: ArraySlice<UInt8>, maxAttempts: UInt16) -> Reading? {
        guard bytes.count == VaultLayout.attemptCellsSize else { return nil }
        func counts(_ i: Int) -> Counts? {
            let start = bytes.startIndex + i * VaultLayout.attemptCellSize
            let c = Array(bytes[start..<(start + VaultLayout.attemptCellSize)])
            let value = Counts(pin: UInt16(c[0]) << 8 | UInt16(c[1]), recovery: UInt16(c[2]) << 8 | UInt16(c[3]))
            guard value.pin <= maxAttempts, value.recovery <= maxAttempts,
                  ConstantTime.equals(cell(value, headerChecksum: headerChecksum), c) else { return nil }
            return value
        }
        switch (counts(0), counts(1)) {
        case let (a?, b?): return Reading(counts: Counts(pin: max(a.pin, b.pin), recovery: max(a.recovery, b.recovery)), first: 0)
        case (let a?, nil): return Reading(counts: a, first: 1)
        case (nil, let b?): return Reading(counts: b, first: 0)
        case (nil, nil): return nil
        }
    }
}
