/// The two counter cells of a user (Docs/VAULT.md, "Counter cells"). A cell is
/// counter (8) ‖ tag (16) ‖ zero (8),
/// tag = keyed BLAKE2b-128 over the record's nonce and the counter, under a
/// subkey of the data key: a cell cannot be forged, nor moved to another record.
/// The counter is the larger of the valid cells; the next write replaces the
/// other one.
enum CounterCells {
    static let context: StaticString = "ibkcells"

    static func key(from dataKey: SecureBytes) -> SecureBytes { Subkey.derive(from: dataKey, id: 1, context: context) }

    static func cell(_ counter: UInt64, recordNonce: ArraySlice<UInt8>, key: SecureBytes) -> [UInt8] {
        var w = ByteWriter()
        w.u64(counter)
        let tag = BLAKE2b.hash(Array(recordNonce) + w.bytes, key: key, length: VaultLayout.cellTagSize)
        return w.bytes + tag + [UInt8](repeating: 0, count: VaultLayout.cellSize - VaultLayout.cellCounterSize - VaultLayout.cellTagSize)
    }

    /// Both cells holding `counter`: what a full write stores.
    static func pair(_ counter: UInt64, recordNonce: ArraySlice<UInt8>, key: SecureBytes) -> [UInt8] {
        let c = cell(counter, recordNonce: recordNonce, key: key)
        return c + c
    }

    /// The counter and which cell the next write replaces; nil when neither cell
    /// is valid. `strict` (backups, which are never written in place): nil
    /// unless both cells are valid and equal.
    static func read(_ cells: [UInt8], recordNonce: ArraySlice<UInt8>, key: SecureBytes, strict: Bool = false) -> (counter: UInt64, replace: Int)? {
        guard cells.count == VaultLayout.cellPairSize else { return nil }
        func value(_ i: Int) -> UInt64? {
            let c = Array(cells[(i * VaultLayout.cellSize)..<((i + 1) * VaultLayout.cellSize)])
            let counter = c[0..<VaultLayout.cellCounterSize].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
            return ConstantTime.equals(cell(counter, recordNonce: recordNonce, key: key), c) ? counter : nil
        }
        let a = value(0), b = value(1)
        if strict && (a == nil || a != b) { return nil }
        if let a, let b { return a >= b ? (a, 1) : (b, 0) }
        if let a { return (a, 1) }
        if let b { return (b, 0) }
        return nil
    }
}
