/// A vault or backup opened with a PIN. Records are fetched and decrypted
/// only when a user's secret is asked for; a write copies the sealed records
/// of untouched users as they are.
public final class UnlockedVault {
    public let container: ContainerKind
    public private(set) var kdfLevel: KDFLevel
    public private(set) var slots: [KeySlot]
    public private(set) var users: UserList
    /// Carried over from the file so that a save keeps them.
    public var failedPINAttempts: UInt16 = 0
    public var failedRecoveryAttempts: UInt16 = 0
    private let dataKey: SecureBytes
    private lazy var cellKey = CounterCells.key(from: dataKey)

    /// Per user, parallel to `users`: sealed bytes when in memory, the record's
    /// place in the file it was read from otherwise.
    private struct Item {
        var record: [UInt8]?
        var cells: [UInt8]?
        var onDisk: Int?
        var opened: UserSecret?
        /// Which cell the next in-place write replaces, known once the cells
        /// are verified (so a respond checks its two tags once, not twice).
        var nextCell: Int?
    }
    private var items: ItemTable

    /// The items, built only when needed: `respond` on 10 000 users touches
    /// one, and must not build (and free) 10 000.
    private struct ItemTable {
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
                _ = all()
                dense![i] = newValue
            }
        }

        mutating func all() -> [Item] {
            if dense == nil {
                var items = (0..<untouchedCount).map { Item(onDisk: $0) }
                if touchedIndex >= 0 { items[touchedIndex] = touchedItem }
                dense = items
                touchedIndex = -1
            }
            return dense!
        }
        mutating func append(_ item: Item) { _ = all(); dense!.append(item) }
        mutating func remove(at i: Int) { _ = all(); dense!.remove(at: i) }
    }

    /// The format-2 file this was read from, while its records can be read in place.
    private let origin: (sealed: SealedVault, layout: FormatV2)?
    /// Set by anything but a counter change: the directory no longer matches the file.
    private var layoutChanged = false

    private init(container: ContainerKind, kdfLevel: KDFLevel, slots: [KeySlot], users: UserList,
                 items: [Item], dataKey: SecureBytes, origin: (SealedVault, FormatV2)?) {
        self.container = container; self.kdfLevel = kdfLevel; self.slots = slots
        self.users = users; self.items = ItemTable(items); self.dataKey = dataKey; self.origin = origin
    }

    /// A format-2 file: nothing decrypted yet.
    init(sealed: SealedVault, layout: FormatV2, dataKey: SecureBytes) {
        self.container = sealed.container; self.kdfLevel = sealed.kdfLevel; self.slots = sealed.slots
        self.users = sealed.users; self.dataKey = dataKey; self.origin = (sealed, layout)
        self.items = ItemTable(onDisk: sealed.users.count)
    }

    /// A format-1 file: its one body is decrypted and each user sealed anew.
    convenience init(upgrading sealed: SealedVault, body: FormatV1, dataKey: SecureBytes) throws {
        let secrets = try body.open(dataKey: dataKey, count: sealed.users.count, noun: sealed.container.noun)
        self.init(container: sealed.container, kdfLevel: sealed.kdfLevel, slots: sealed.slots, users: UserList(),
                  items: [], dataKey: dataKey, origin: nil)
        for (entry, secret) in zip(sealed.users, secrets) { append(entry, secret) }
    }

    /// A new, empty vault with both slots.
    public static func create(level: KDFLevel, pin: SecureBytes, recoveryPIN: SecureBytes) throws -> UnlockedVault {
        let dataKey = Random.secret(VaultLayout.keySize)
        let slots = [
            try KeySlot.make(kind: .pin, kdf: level.parameters, pin: pin, dataKey: dataKey, container: .vault),
            try KeySlot.make(kind: .recoveryPIN, kdf: level.parameters, pin: recoveryPIN, dataKey: dataKey, container: .vault),
        ]
        return UnlockedVault(container: .vault, kdfLevel: level, slots: slots, users: UserList(), items: [], dataKey: dataKey, origin: nil)
    }

    // MARK: reading

    public func index(of name: String) -> Int? { users.firstIndex(named: name) }

    private func record(_ i: Int) throws -> [UInt8] {
        if let r = items[i].record { return r }
        let (sealed, layout) = origin!
        let bytes = try sealed.source.read(layout.recordRange(i).lowerBound, layout.recordRange(i).count)
        guard bytes.count == layout.recordRange(i).count else { throw IBKeyError.damaged("\(container.noun) damaged: the file is truncated") }
        items[i].record = bytes
        return bytes
    }

    private func cells(_ i: Int) throws -> [UInt8] {
        if let c = items[i].cells { return c }
        let (sealed, layout) = origin!
        let bytes = try sealed.source.read(layout.cellsRange(i).lowerBound, VaultLayout.cellPairSize)
        items[i].cells = bytes
        return bytes
    }

    /// Fetches every record and cell still on disk with two reads (not one per user).
    private func fetchAll() throws {
        guard let (sealed, layout) = origin, items.all().contains(where: { $0.record == nil || $0.cells == nil }) else { return }
        let records = try sealed.source.read(layout.recordsStart, layout.recordsEnd - layout.recordsStart)
        let cells = try sealed.source.read(layout.cellsOffset, layout.fileSize - layout.cellsOffset)
        guard records.count == layout.recordsEnd - layout.recordsStart, cells.count == layout.fileSize - layout.cellsOffset else {
            throw IBKeyError.damaged("\(container.noun) damaged: the file is truncated")
        }
        // Checked again here, whatever the first read verified: a write must
        // never give a damaged directory or damaged records a fresh checksum.
        try layout.verifyDirectory(source: sealed.source, noun: container.noun)
        guard ConstantTime.equals(BLAKE2b.hash(records), layout.recordsChecksum) else {
            throw IBKeyError.damaged("\(container.noun) damaged: checksum mismatch in the user records (the file was altered)")
        }
        for i in items.indices {
            guard let d = items[i].onDisk else { continue }
            if items[i].record == nil {
                let r = layout.recordRange(d)
                items[i].record = Array(records[(r.lowerBound - layout.recordsStart)..<(r.upperBound - layout.recordsStart)])
            }
            if items[i].cells == nil {
                let c = layout.cellsRange(d)
                items[i].cells = Array(cells[(c.lowerBound - layout.cellsOffset)..<(c.upperBound - layout.cellsOffset)])
            }
        }
    }

    /// User `i`'s key, PIN hash and next counter (decrypted on first use).
    public func secret(at i: Int) throws -> UserSecret {
        if let s = items[i].opened { return s }
        let record = try record(i)
        var secret = try UserRecord.open(record, entry: users[i], dataKey: dataKey, noun: container.noun)
        let (counter, replace) = try verifiedCells(i, record: record)
        secret.counter = counter
        items[i].opened = secret
        items[i].nextCell = replace
        return secret
    }

    /// User `i`'s counter and the cell the next write replaces; `.damaged`
    /// when no cell is valid (or, in a backup, the two differ).
    private func verifiedCells(_ i: Int, record: [UInt8]) throws -> (counter: UInt64, replace: Int) {
        guard let read = CounterCells.read(try cells(i), recordNonce: VaultLayout.recordNonce(record), key: cellKey,
                                           strict: container == .backup) else {
            throw IBKeyError.damaged("\(container.noun) damaged: the counter of user '\(users[i].name)' does not authenticate")
        }
        return read
    }

    // MARK: changes

    private func append(_ entry: UserEntry, _ secret: UserSecret) {
        let record = UserRecord.seal(secret, entry: entry, dataKey: dataKey)
        users.append(entry)
        // Not kept open: a conversion of 10 000 users holds one plaintext at a time.
        items.append(Item(record: record, cells: CounterCells.pair(secret.counter, recordNonce: VaultLayout.recordNonce(record), key: cellKey),
                          onDisk: nil, opened: nil))
        layoutChanged = true
    }

    public func addUser(_ entry: UserEntry, secret: UserSecret) throws {
        guard index(of: entry.name) == nil else { throw IBKeyError.userExists(entry.name) }
        guard users.count < VaultLayout.maxUsers else { throw IBKeyError.usage("the vault is full (\(VaultLayout.maxUsers) users)") }
        append(entry, secret)
    }

    public func removeUser(at i: Int) {
        users.remove(at: i)
        items.remove(at: i)
        layoutChanged = true
    }

    /// Sets the next counter in memory (both cells); a save writes it.
    public func setCounter(_ value: UInt64, at i: Int) throws {
        let record = try record(i)
        items[i].cells = CounterCells.pair(value, recordNonce: VaultLayout.recordNonce(record), key: cellKey)
        items[i].opened?.counter = value
        items[i].nextCell = nil
    }

    /// Where and what to write to store `value` as user `i`'s next counter in
    /// place: one cell of the file this vault was read from. Nil when the file
    /// must be written whole (format 1, or users added or removed since). The
    /// in-memory cells are updated as if the write succeeded.
    public func inPlaceCounterWrite(_ value: UInt64, at i: Int) throws -> (source: VaultSource, offset: Int, bytes: [UInt8])? {
        guard let (sealed, layout) = origin, !layoutChanged, let d = items[i].onDisk else { return nil }
        let record = try record(i)
        let replace = try items[i].nextCell ?? verifiedCells(i, record: record).replace
        var cells = try cells(i)
        let cell = CounterCells.cell(value, recordNonce: VaultLayout.recordNonce(record), key: cellKey)
        let at = replace * VaultLayout.cellSize
        cells.replaceSubrange(at..<(at + VaultLayout.cellSize), with: cell)
        items[i].cells = cells
        items[i].opened?.counter = value
        items[i].nextCell = 1 - replace // the cell just written now holds the larger value
        return (sealed.source, layout.cellsRange(d).lowerBound + at, cell)
    }

    /// Replaces the PIN (or recovery PIN) slot; the data key stays.
    public func rekey(_ kind: PINKind, pin: SecureBytes, level: KDFLevel? = nil) throws {
        guard let i = slots.firstIndex(where: { $0.kind == kind }) else {
            throw IBKeyError.internalError("no \(kind) slot")
        }
        let kdf = level?.parameters ?? slots[i].kdf
        slots[i] = try KeySlot.make(kind: kind, kdf: kdf, pin: pin, dataKey: dataKey, container: container)
        layoutChanged = true
    }

    /// The same users under a new container (backup ↔ vault) and a new data
    /// key: every record is opened and sealed again, with its current counter.
    public func converted(to container: ContainerKind, level: KDFLevel, pin: SecureBytes?, recoveryPIN: SecureBytes) throws -> UnlockedVault {
        let newKey = Random.secret(VaultLayout.keySize)
        var slots: [KeySlot] = []
        if let pin { slots.append(try KeySlot.make(kind: .pin, kdf: level.parameters, pin: pin, dataKey: newKey, container: container)) }
        slots.append(try KeySlot.make(kind: .recoveryPIN, kdf: level.parameters, pin: recoveryPIN, dataKey: newKey, container: container))
        let copy = UnlockedVault(container: container, kdfLevel: level, slots: slots, users: UserList(), items: [], dataKey: newKey, origin: nil)
        try fetchAll()
        for i in users.indices {
            copy.append(users[i], try secret(at: i))
            items[i].opened = nil // one user's plaintext in memory at a time
        }
        return copy
    }

    /// The whole file, format 2.
    public func serialized() throws -> [UInt8] {
        try fetchAll()
        return FormatV2.serialize(container: container, level: kdfLevel, slots: slots,
                                       failedPIN: failedPINAttempts, failedRecovery: failedRecoveryAttempts,
                                       users: Array(users), records: items.all().map { $0.record! }, cells: items.all().map { $0.cells! })
    }
}
