extension UnlockedVault {
    /// Per user, parallel to `users`: sealed bytes when in memory, the record's
    /// place in the file it was read from otherwise.
    struct Item {
        var record: [UInt8]?
        var cells: [UInt8]?
        var onDisk: Int?
        var opened: UserSecret?
        /// In which order the next in-place write replaces the two cells, known
        /// once the cells are verified (so a respond checks its two tags once).
        var writeOrder: [Int]?
    }

    /// The items, built only when needed: `respond` on 10 000 users touches
    /// one, and must not build (and free) 10 000.
    struct ItemTable {
        private var dense: [Item]?
        /// Before `dense` exists: the one item touched so far (respond touches
        /// one). No dictionary: its generic instantiation alone costs more at
        /// start-up than the rest of the table.
        private var touchedIndex = -1
        private var touchedItem = Item()
        private let untouchedCount: Int

        init(onDisk count: Int) { untouchedCount = count }
        init(_ items: [Item]) { dense = items; untouchedCount = 0 }

        var count: Int { dense?.count ?? untouchedCount }
        var indices: Range<Int> { 0..<count }

        subscript(i: Int) -> Item {
            get {
                if let dense { return dense[i] }
                if touchedIndex == i { return touchedItem }
                return Item(onDisk: i)
            }
            set {
                if dense == nil, touchedIndex < 0 || touchedIndex == i { (touchedIndex, touchedItem) = (i, newValue); return }
                _ = densified()
                dense![i] = newValue
            }
        }

        /// Every item, after turning the table into a plain array (so that
        /// later changes go to that array).
        mutating func densified() -> [Item] {
            if dense == nil {
                var items = (0..<untouchedCount).map { Item(onDisk: $0) }
                if touchedIndex >= 0 { items[touchedIndex] = touchedItem }
                dense = items
                touchedIndex = -1
            }
            return dense!
        }
        mutating func append(_ item: Item) { _ = densified(); dense!.append(item) }
        mutating func remove(at i: Int) { _ = densified(); dense!.remove(at: i) }
    }
}
