extension UnlockedVault {
    // MARK: users

    func append(_ entry: UserEntry, _ secret: UserSecret) {
        let record = UserRecord.seal(secret, entry: entry, dataKey: dataKey)
        users.append(entry)
        // Not kept open: a conversion of 10 000 users holds one plaintext at a time.
        items.append(Item(record: record, cells: CounterCells.pair(secret.counter, recordNonce: VaultLayout.recordNonce(record), key: cellKey),
                          onDisk: nil, opened: nil))
        layoutChanged = true
    }

    /// Adds a user; a save writes it.
    /// - Parameters:
    ///   - entry: the new user's entry; its name already validated.
    ///   - secret: the key, PIN hash and next counter, sealed now into a new record.
    /// - Throws: `.userExists` for a name already enrolled, `.badInput` when the
    ///   vault is full or would hold more distinct suites than its directory can name.
    public func addUser(_ entry: UserEntry, secret: UserSecret) throws {
        guard index(of: entry.name) == nil else { throw IBKeyError.userExists(entry.name) }
        // Only a full vault or a new suite can break a limit: skip building the
        // suite set otherwise (an import adds its users one by one).
        if users.count >= VaultLayout.maxUsers || !users.contains(where: { $0.suite == entry.suite }) {
            try VaultCapacity.check(existingSuites: users.map(\.suite), adding: [entry.suite])
        }
        append(entry, secret)
    }

    /// Removes user `i`; a save writes it.
    /// - Parameter i: the user's position.
    public func removeUser(at i: Int) {
        users.remove(at: i)
        items.remove(at: i)
        layoutChanged = true
    }

    // MARK: counters

    /// Sets user `i`'s next counter in memory (both cells); a whole save writes it.
    /// - Parameters:
    ///   - value: the next counter.
    ///   - i: the user's position.
    /// - Throws: `.damaged` or `.io` when the record cannot be read.
    public func setCounter(_ value: UInt64, at i: Int) throws {
        let record = try record(i)
        items[i].cells = CounterCells.pair(value, recordNonce: VaultLayout.recordNonce(record), key: cellKey)
        items[i].opened?.counter = value
        items[i].writeOrder = [0, 1]
    }

    /// One cell write: `bytes` at `offset` of the file.
    public struct CellWrite {
        /// Where in the file: the start of one of the user's two cells.
        public let offset: Int
        /// The new cell, 32 bytes.
        public let bytes: [UInt8]
    }

    /// How to store a new counter in place: two cell writes, to be made
    /// durable one after the other, in this order, before anything is shown.
    public struct CounterWrite {
        /// The file that was read (its device and inode are checked before writing).
        public let source: VaultSource
        /// The spoiled or smaller cell: written and made durable first.
        public let first: CellWrite
        /// The other cell, written once `first` is on disk.
        public let second: CellWrite
    }

    /// The in-place writes that store `value` as user `i`'s next counter: the
    /// spoiled or smaller cell first, then the other, so that at rest both
    /// cells hold `value` (Docs/VAULT.md, "Counter cells"). Nil when the file
    /// must be written whole: formats 1 and 2 (this upgrades them), or users
    /// added or removed since it was read. The in-memory cells are updated as
    /// if the writes succeeded.
    /// - Parameters:
    ///   - value: the next counter.
    ///   - i: the user's position.
    /// - Returns: the two writes, or nil.
    /// - Throws: `.damaged` when neither cell authenticates; `.io`.
    public func inPlaceCounterWrite(_ value: UInt64, at i: Int) throws -> CounterWrite? {
        guard let (sealed, format) = origin, format.version == RecordFormat.written, !layoutChanged,
              let d = items[i].onDisk else { return nil }
        let record = try record(i)
        let order = try items[i].writeOrder ?? verifiedCells(i, record: record).writeOrder
        let cell = CounterCells.cell(value, recordNonce: VaultLayout.recordNonce(record), key: cellKey)
        items[i].cells = cell + cell
        items[i].opened?.counter = value
        items[i].writeOrder = [0, 1]
        let start = format.cellsRange(d).lowerBound
        return CounterWrite(source: sealed.source,
                            first: CellWrite(offset: start + order[0] * VaultLayout.cellSize, bytes: cell),
                            second: CellWrite(offset: start + order[1] * VaultLayout.cellSize, bytes: cell))
    }

    // MARK: new data keys (Docs/VAULT.md, "Keys")

    /// The same users and counters sealed under a new data key: what a PIN
    /// change, a PIN reset and a recovery-PIN change store, so that no older
    /// copy's slot opens anything written from now on.
    /// - Parameters:
    ///   - newPIN: the new PIN, or nil to keep the PIN (then this vault must
    ///     have been opened with it).
    ///   - newRecoveryPIN: the new recovery PIN, or nil to keep it: its slot is
    ///     remade from its KEK when this vault was opened with it, else the
    ///     public-key slot is sealed to the new key without it.
    /// - Returns: the new vault, not yet written.
    /// - Throws: `.damaged` when the recovery slot's tag or a record
    ///   does not authenticate; `.internalError` when a slot can be made
    ///   neither from a new PIN nor from a known KEK (a kind-2 recovery slot
    ///   opened without the recovery PIN); `.io`.
    public func rotated(newPIN: SecureBytes?, newRecoveryPIN: SecureBytes?) throws -> UnlockedVault {
        precondition(container == .vault)
        let newKey = Random.secret(VaultLayout.keySize)
        let kdf = kdfLevel.parameters
        let pin = try remadeSlot(.pin, newPIN: newPIN, newKey: newKey, kdf: kdf)
        let recovery = try remadeSlot(.recoveryPIN, newPIN: newRecoveryPIN, newKey: newKey, kdf: kdf)
        let copy = UnlockedVault(container: .vault, kdfLevel: kdfLevel, slots: [pin.slot, recovery.slot], users: UserList(),
                                 items: [], dataKey: newKey, origin: nil)
        copy.pinKEK = pin.kek
        copy.recoveryKEK = recovery.kek
        copy.failedPINAttempts = failedPINAttempts
        copy.failedRecoveryAttempts = failedRecoveryAttempts
        try resealAll(into: copy)
        return copy
    }

    /// The slot of `kind` for `newKey`: from a new PIN, from the KEK this vault
    /// was opened with, or (recovery) by sealing to its public key with the
    /// proof a PIN holder can give (`KeySlot.resealed`).
    private func remadeSlot(_ kind: PINKind, newPIN: SecureBytes?, newKey: SecureBytes, kdf: KDFParameters) throws -> (slot: KeySlot, kek: SecureBytes?) {
        if let newPIN { return try KeySlot.make(kind, kdf: kdf, pin: newPIN, dataKey: newKey, container: container) }
        guard let old = slot(kind) else { throw IBKeyError.internalError("no \(kind.label) slot") }
        if let kek = kind == .pin ? pinKEK : recoveryKEK {
            return (KeySlot.make(kind, kdf: old.kdf, salt: old.salt, kek: kek, dataKey: newKey, container: container), kek)
        }
        // A format-3 slot (or older) cannot vouch for a new key: the recovery
        // PIN is asked for once instead (`SealedVault.recoverySlotNeedsUpgrade`).
        guard kind == .recoveryPIN, old.form == .proven else {
            throw IBKeyError.internalError("the \(kind.label) is needed to seal a new data key")
        }
        return (try old.resealed(from: dataKey, to: newKey, container: container), nil)
    }

    func slot(_ kind: PINKind) -> KeySlot? { slots.first { $0.pinKind == kind } }

    /// The same users under a new container (backup ↔ vault) and a new data
    /// key: every record is opened and sealed again, with its current counter.
    /// - Parameters:
    ///   - container: `.backup` (recovery slot only) or `.vault`.
    ///   - level: the KDF cost of the new slots.
    ///   - pin: the PIN of the new vault; nil for a backup.
    ///   - recoveryPIN: the recovery PIN, for the new recovery slot.
    /// - Returns: the new vault or backup, not yet written.
    /// - Throws: `.damaged` when a record or its cells do not
    ///   authenticate; `.io`.
    public func converted(to container: ContainerKind, level: KDFLevel, pin: SecureBytes?, recoveryPIN: SecureBytes) throws -> UnlockedVault {
        let newKey = Random.secret(VaultLayout.keySize)
        var slots: [KeySlot] = []
        var pinKEK: SecureBytes?
        if let pin {
            let made = try KeySlot.make(.pin, kdf: level.parameters, pin: pin, dataKey: newKey, container: container)
            slots.append(made.slot); pinKEK = made.kek
        }
        let recovery = try KeySlot.make(.recoveryPIN, kdf: level.parameters, pin: recoveryPIN,
                                        dataKey: newKey, container: container)
        slots.append(recovery.slot)
        let copy = UnlockedVault(container: container, kdfLevel: level, slots: slots, users: UserList(), items: [], dataKey: newKey, origin: nil)
        copy.pinKEK = pinKEK
        copy.recoveryKEK = recovery.kek
        try resealAll(into: copy)
        return copy
    }

    /// Copies every user, opened and sealed again under `copy`'s data key.
    private func resealAll(into copy: UnlockedVault) throws {
        try fetchAll()
        for i in users.indices {
            copy.append(users[i], try secret(at: i))
            items[i].opened = nil // one user's plaintext in memory at a time
        }
    }
}
