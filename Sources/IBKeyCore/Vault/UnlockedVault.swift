/// A vault or backup opened with a PIN. Records are fetched and decrypted
/// only when a user's secret is asked for; a write copies the sealed records
/// of untouched users as they are.
public final class UnlockedVault {
    /// Vault or backup.
    public let container: ContainerKind
    /// The KDF cost of its slots.
    public internal(set) var kdfLevel: KDFLevel
    /// PIN slot then recovery slot (a backup: the recovery slot only).
    public internal(set) var slots: [KeySlot]
    /// The users, in file order.
    public internal(set) var users: UserList
    /// Carried over from the file so that a save keeps them.
    public var failedPINAttempts: UInt16 = 0
    /// Carried over from the file so that a save keeps them.
    public var failedRecoveryAttempts: UInt16 = 0
    let dataKey: SecureBytes
    lazy var cellKey = CounterCells.key(from: dataKey)
    /// The key-encryption keys derived while unlocking (nil for a PIN not
    /// given): a slot can be remade for the same PIN without deriving again.
    var pinKEK: SecureBytes?
    var recoveryKEK: SecureBytes?

    var items: ItemTable

    /// The format-2 or -3 file this was read from, while its records can be read in place.
    let origin: (sealed: SealedVault, format: RecordFormat)?
    /// Set by anything but a counter change: the directory no longer matches the file.
    var layoutChanged = false

    init(container: ContainerKind, kdfLevel: KDFLevel, slots: [KeySlot], users: UserList,
         items: [Item], dataKey: SecureBytes, origin: (SealedVault, RecordFormat)?) {
        self.container = container; self.kdfLevel = kdfLevel; self.slots = slots
        self.users = users; self.items = ItemTable(items); self.dataKey = dataKey; self.origin = origin
    }

    /// A format-2 or -3 file: nothing decrypted yet.
    init(sealed: SealedVault, format: RecordFormat, dataKey: SecureBytes) {
        self.container = sealed.container; self.kdfLevel = sealed.kdfLevel; self.slots = sealed.slots
        self.users = sealed.users; self.dataKey = dataKey; self.origin = (sealed, format)
        self.items = ItemTable(onDisk: sealed.users.count)
    }

    /// A format-1 file: its one body is decrypted and each user sealed anew.
    convenience init(upgrading sealed: SealedVault, body: FormatV1, dataKey: SecureBytes) throws {
        let secrets = try body.open(dataKey: dataKey, count: sealed.users.count, file: sealed.container.file)
        self.init(container: sealed.container, kdfLevel: sealed.kdfLevel, slots: sealed.slots, users: UserList(),
                  items: [], dataKey: dataKey, origin: nil)
        for (entry, secret) in zip(sealed.users, secrets) { append(entry, secret) }
    }

    /// A new, empty vault: a fresh data key, a PIN slot and a recovery slot.
    /// - Parameters:
    ///   - level: the KDF cost of both slots.
    ///   - pin: the PIN, already checked by `PINPolicy`.
    ///   - recoveryPIN: the recovery PIN, already checked.
    /// - Returns: the vault, not yet written (`VaultStore.save`).
    /// - Throws: `.io` when the key derivation's memory cannot be allocated.
    public static func create(level: KDFLevel, pin: SecureBytes, recoveryPIN: SecureBytes) throws -> UnlockedVault {
        let dataKey = Random.secret(VaultLayout.keySize)
        let (pinSlot, pinKEK) = try KeySlot.make(.pin, kdf: level.parameters, pin: pin, dataKey: dataKey, container: .vault)
        let (recoverySlot, recoveryKEK) = try KeySlot.make(.recoveryPIN, kdf: level.parameters,
                                                           pin: recoveryPIN, dataKey: dataKey, container: .vault)
        let vault = UnlockedVault(container: .vault, kdfLevel: level, slots: [pinSlot, recoverySlot], users: UserList(),
                                  items: [], dataKey: dataKey, origin: nil)
        vault.pinKEK = pinKEK
        vault.recoveryKEK = recoveryKEK
        return vault
    }

    /// Keeps the KEK an unlock derived for `kind`.
    func remember(_ kek: SecureBytes, for kind: PINKind) {
        if kind == .pin { pinKEK = kek } else { recoveryKEK = kek }
    }

    // MARK: reading

    /// The position of the user called `name`, or nil.
    /// - Parameter name: the name, matched as `UserList.firstIndex(named:)` does.
    public func index(of name: String) -> Int? { users.firstIndex(named: name) }

    /// The position of the user called `name`; when there is none, the
    /// directory is verified first, so that damage reads as damage.
    /// - Parameter name: the name, matched as `UserList.firstIndex(named:)` does.
    /// - Returns: the position.
    /// - Throws: `.userNotFound`; `.damaged` when the directory fails its checksum.
    public func userIndex(named name: String) throws -> Int {
        if let i = index(of: name) { return i }
        try origin?.sealed.verifyDirectory()
        throw IBKeyError.userNotFound(name: name, known: users.names)
    }

    func record(_ i: Int) throws -> [UInt8] {
        if let r = items[i].record { return r }
        let (sealed, format) = origin!
        let range = format.recordRange(i)
        let bytes = try sealed.source.read(range.lowerBound, range.count)
        guard bytes.count == range.count else { throw IBKeyError.damaged(Damage(container.file, "the file is truncated")) }
        items[i].record = bytes
        return bytes
    }

    func cells(_ i: Int) throws -> [UInt8] {
        if let c = items[i].cells { return c }
        let (sealed, format) = origin!
        let bytes = try sealed.source.read(format.cellsRange(i).lowerBound, VaultLayout.cellPairSize)
        items[i].cells = bytes
        return bytes
    }

    /// Fetches every record and cell still on disk with two reads (not one per user).
    func fetchAll() throws {
        guard let (sealed, format) = origin, items.densified().contains(where: { $0.record == nil || $0.cells == nil }) else { return }
        let records = try sealed.source.read(format.recordsStart, format.recordsEnd - format.recordsStart)
        let cells = try sealed.source.read(format.cellsOffset, format.fileSize - format.cellsOffset)
        guard records.count == format.recordsEnd - format.recordsStart, cells.count == format.fileSize - format.cellsOffset else {
            throw IBKeyError.damaged(Damage(container.file, "the file is truncated"))
        }
        // Checked again here, whatever the first read verified: a write must
        // never give a damaged directory or damaged records a fresh checksum.
        try format.verifyDirectory(source: sealed.source, file: container.file)
        guard ConstantTime.equals(BLAKE2b.hash(records), format.recordsChecksum) else {
            throw IBKeyError.damaged(Damage(container.file, "checksum mismatch in the user records (the file was altered)"))
        }
        for i in items.indices {
            guard let d = items[i].onDisk else { continue }
            if items[i].record == nil {
                let r = format.recordRange(d)
                items[i].record = Array(records[(r.lowerBound - format.recordsStart)..<(r.upperBound - format.recordsStart)])
            }
            if items[i].cells == nil {
                let c = format.cellsRange(d)
                items[i].cells = Array(cells[(c.lowerBound - format.cellsOffset)..<(c.upperBound - format.cellsOffset)])
            }
        }
    }

    /// User `i`'s key, PIN hash and next counter (decrypted on first use).
    /// - Parameter i: the user's position.
    /// - Returns: the secret; its key and PIN hash stay in the record's guarded buffer.
    /// - Throws: `.damaged` when the record or both of its counter cells do not authenticate.
    public func secret(at i: Int) throws -> UserSecret {
        if let s = items[i].opened { return s }
        let record = try record(i)
        var secret = try UserRecord.open(record, entry: users[i], dataKey: dataKey, file: container.file)
        let reading = try verifiedCells(i, record: record)
        secret.counter = reading.counter
        items[i].opened = secret
        items[i].writeOrder = reading.writeOrder
        return secret
    }

    /// How user `i`'s cells are read: strictly in a backup, with a skip when
    /// unsure in a format-2 file, else the larger valid value.
    private var cellRule: CounterCells.Rule {
        if container == .backup { return .backup }
        return origin?.format.version == 2 ? .format2 : .current
    }

    /// User `i`'s counter cells, read; `.damaged` when no cell is valid.
    func verifiedCells(_ i: Int, record: [UInt8]) throws -> CounterCells.Reading {
        guard let reading = CounterCells.read(try cells(i), recordNonce: VaultLayout.recordNonce(record), key: cellKey, rule: cellRule) else {
            throw IBKeyError.damaged(Damage(container.file, "the counter of user '\(users[i].name)' does not authenticate"))
        }
        return reading
    }

    /// The whole file, in the format this build writes (4). A recovery slot
    /// from before format 4 is remade in the proven form whenever the
    /// recovery PIN was given (its KEK is known), keeping the data key. The
    /// counter cells of a format-2 file are rewritten as a pair of their safe
    /// reading (`upgradeFormat2Cells`), never copied as they are.
    /// - Returns: the file to write; untouched users' records are copied as they are.
    /// - Throws: `.damaged` when the directory or records on disk no
    ///   longer match their checksums (a write never blesses damage), or a
    ///   user's counter cells do not authenticate; `.io`.
    public func serialized() throws -> [UInt8] {
        try fetchAll()
        try upgradeFormat2Cells()
        if let i = slots.firstIndex(where: { $0.pinKind == .recoveryPIN && $0.form != .proven }), let kek = recoveryKEK {
            slots[i] = KeySlot.make(.recoveryPIN, kdf: slots[i].kdf, salt: slots[i].salt, kek: kek,
                                    dataKey: dataKey, container: container)
        }
        let all = items.densified()
        return RecordFormat.serialize(container: container, slots: slots,
                                      attempts: AttemptCells.Counts(pin: failedPINAttempts, recovery: failedRecoveryAttempts),
                                      users: Array(users), records: all.map { $0.record! }, cells: all.map { $0.cells! })
    }

    /// ibkey 0.2 wrote one cell per response, so a format-2 pair at rest may
    /// be (n, n−1), and only the format-2 rule (+20 when one cell is spoiled)
    /// reads it safely. Copied as it is into a newer file, where a pair holds
    /// one value twice, one spoiled cell would bring back a counter already
    /// shown. So every pair is rewritten as both cells holding its format-2
    /// reading (Docs/VAULT.md, "Compatibility"). Needs only the cell key and
    /// each record's nonce.
    private func upgradeFormat2Cells() throws {
        guard let (_, format) = origin, format.version == 2, container == .vault else { return }
        for i in items.indices {
            guard let record = items[i].record else { continue }
            let reading = try verifiedCells(i, record: record)
            items[i].cells = CounterCells.pair(reading.counter, recordNonce: VaultLayout.recordNonce(record), key: cellKey)
            items[i].opened?.counter = reading.counter
            items[i].writeOrder = [0, 1]
        }
    }
}
