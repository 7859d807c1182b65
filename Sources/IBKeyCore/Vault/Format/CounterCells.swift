/// The two counter cells of a user (Docs/VAULT.md, "Counter cells"). A cell is
/// counter (8) ‖ tag (16) ‖ zero (8); the tag is keyed BLAKE2b-128 over the
/// record's nonce and the counter, under a subkey of the data key, so a cell
/// can be neither forged nor moved to another record.
///
/// Both cells hold the next counter at rest, and `respond` writes both,
/// one after the other and each made durable, before it shows a response.
/// Any single cell spoiled (by a torn write or by damage at rest) therefore
/// leaves the other holding a counter no shown response has used.
enum CounterCells {
    static let context: StaticString = "ibkcells"
    /// When ibkey cannot be sure which value a format-2 pair held last (only
    /// one cell valid: ibkey 0.2 wrote one cell per respond, so the spoiled one
    /// may have been the newer), it skips this far ahead: the issuer's default
    /// look-ahead window, so the next response still verifies.
    static let skipWhenUnsure: UInt64 = 20

    static func key(from dataKey: SecureBytes) -> SecureBytes { Subkey.derive(from: dataKey, id: 1, context: context) }

    static func cell(_ counter: UInt64, recordNonce: ArraySlice<UInt8>, key: SecureBytes) -> [UInt8] {
        var w = ByteWriter()
        w.u64(counter)
        let tag = BLAKE2b.hash(Array(recordNonce) + w.bytes, key: key, length: VaultLayout.cellTagSize)
        return w.bytes + tag + [UInt8](repeating: 0, count: VaultLayout.cellSize - VaultLayout.cellCounterSize - VaultLayout.cellTagSize)
    }

    /// Both cells holding `counter`: what a whole write stores.
    static func pair(_ counter: UInt64, recordNonce: ArraySlice<UInt8>, key: SecureBytes) -> [UInt8] {
        let c = cell(counter, recordNonce: recordNonce, key: key)
        return c + c
    }

    /// How strictly a pair is read.
    enum Rule {
        /// Backups are never written in place: both cells valid and equal.
        case backup
        /// Format 2: the larger valid value, and a skip when only one is valid.
        case format2
        /// Format 3: the larger valid value.
        case current
    }

    /// What a pair says: the next counter, and in which order the next
    /// in-place write replaces the cells (the spoiled or smaller one first).
    struct Reading: Equatable {
        let counter: UInt64
        let writeOrder: [Int]
    }

    /// The pair's reading, or nil when no cell is valid (damage).
    static func read(_ cells: [UInt8], recordNonce: ArraySlice<UInt8>, key: SecureBytes, rule: Rule) -> Reading? {
        guard cells.count == VaultLayout.cellPairSize else { return nil }
        func value(_ i: Int) -> UInt64? {
            let c = Array(cells[(i * VaultLayout.cellSize)..<((i + 1) * VaultLayout.cellSize)])
            let counter = c[0..<VaultLayout.cellCounterSize].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
            return ConstantTime.equals(cell(counter, recordNonce: recordNonce, key: key), c) ? counter : nil
        }
        let a = value(0), b = value(1)
        switch (a, b) {
        case let (a?, b?):
            if rule == .backup && a != b { return nil }
            return Reading(counter: max(a, b), writeOrder: a <= b ? [0, 1] : [1, 0])
        case (let v?, nil), (nil, let v?):
            if rule == .backup { return nil }
            let counter = rule == .format2 ? v.addingSaturating(skipWhenUnsure) : v
            return Reading(counter: counter, writeOrder: a == nil ? [0, 1] : [1, 0])
        case (nil, nil):
            return nil
        }
    }
}

extension UInt64 {
    func addingSaturating(_ n: UInt64) -> UInt64 {
        let (sum, overflow) = addingReportingOverflow(n)
        return overflow ? .max : sum
    }
}
