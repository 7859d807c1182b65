/// A vault or backup as read from disk, still locked: everything needed to
/// show status, pick a user and count failed attempts, without any key.
public struct SealedVault: @unchecked Sendable {
    /// The version this build writes.
    public static let currentVersion: UInt16 = RecordFormat.written
    /// Files larger than this are refused before being parsed.
    public static let maxFileSize = VaultLayout.maxFileSize
    /// Users a vault may hold.
    public static let maxUsers = VaultLayout.maxUsers

    /// Vault or backup.
    public let container: ContainerKind
    /// The format version of the file as read (1, 2 or 3).
    public let version: UInt16
    /// The KDF cost, from the slots' parameters (which must be one level's exactly).
    public let kdfLevel: KDFLevel
    /// PIN slot then recovery slot (a backup: the recovery slot only).
    public let slots: [KeySlot]
    /// Names, suites and enrollment dates, readable without a PIN.
    public let users: UserList
    /// Consecutive wrong PINs, as stored.
    public var failedPINAttempts: UInt16
    /// Consecutive wrong recovery PINs, as stored.
    public var failedRecoveryAttempts: UInt16

    enum Layout {
        case v1(FormatV1)
        case records(RecordFormat)
    }
    let layout: Layout
    let source: VaultSource

    /// The slot a PIN of `kind` opens.
    /// - Parameter kind: the PIN or the recovery PIN.
    /// - Returns: the slot; nil for the PIN of a backup.
    public func slot(_ kind: PINKind) -> KeySlot? { slots.first { $0.pinKind == kind } }

    /// True when the recovery slot predates format 4: it cannot follow a new
    /// data key with proof of who sealed it without the recovery PIN, so a
    /// PIN change asks for it once (and replaces the slot).
    public var recoverySlotNeedsUpgrade: Bool { slot(.recoveryPIN)?.form != .proven }

    /// True when the recovery slot is ibkey 0.3's public-key slot, whose tag
    /// anyone could have made: a file that opens with the recovery PIN through
    /// it cannot prove who sealed its data key (Docs/THREAT-MODEL.md, "Forged
    /// backups"). `restore` and `pin reset` say so.
    public var recoverySlotIsUnproven: Bool { slot(.recoveryPIN)?.form == .publicKey }

    // MARK: lockout (Docs/VAULT.md, "Failed attempts and blocking")

    /// Consecutive wrong attempts with the PIN, or with the recovery PIN.
    /// - Parameter kind: which PIN.
    /// - Returns: the count the file holds (0 to 10).
    public func failedAttempts(_ kind: PINKind) -> UInt16 {
        kind == .pin ? failedPINAttempts : failedRecoveryAttempts
    }

    /// True once `PINPolicy.maxFailedAttempts` wrong attempts of `kind` were made in a row.
    /// - Parameter kind: which PIN.
    /// - Returns: whether that PIN is blocked.
    public func isBlocked(_ kind: PINKind) -> Bool { failedAttempts(kind) >= PINPolicy.maxFailedAttempts }

    /// Refuses a blocked PIN (or recovery PIN) before it is asked for.
    /// - Parameter kind: the PIN about to be asked for.
    /// - Throws: `.vaultBlocked` or `.recoveryBlocked`.
    public func checkNotBlocked(_ kind: PINKind) throws {
        if isBlocked(kind) { throw kind == .pin ? IBKeyError.vaultBlocked : IBKeyError.recoveryBlocked }
    }

    /// The user a command acts on: the one called `name`, or the vault's only
    /// user when `name` is nil. Every other answer is an error, said only once
    /// the directory has passed its checksum (a header-only read skips it), so
    /// that damage is never reported as an unknown user.
    /// - Parameter name: the name as typed, or nil.
    /// - Returns: the user's entry.
    /// - Throws: `.userNotFound`, `.noUsers`, `.userNotChosen`; `.damaged`.
    public func user(named name: String?) throws -> UserEntry {
        if let name, let i = users.firstIndex(named: name) { return users[i] }
        if name == nil, users.count == 1 { return users[0] }
        try verifyDirectory()
        if let name { throw IBKeyError.userNotFound(name: name, known: users.names) }
        if users.isEmpty { throw IBKeyError.noUsers }
        throw IBKeyError.userNotChosen(known: users.names)
    }

    /// The next counter of each user as the counter cells store it (the larger
    /// of the two), read without a key and so not verified: for display only
    /// (`users`). nil for a format-1 file, whose counters are encrypted.
    /// A cell's counter is in the clear; its tag needs the data key.
    /// - Returns: one value per user, in order.
    /// - Throws: `.io` when the read fails.
    public func storedCounters() throws -> [UInt64]? {
        guard case .records(let format) = layout else { return nil }
        let cells = try source.read(format.cellsOffset, format.fileSize - format.cellsOffset)
        return users.indices.map { i in
            func value(_ c: Int) -> UInt64 {
                let at = i * VaultLayout.cellPairSize + c * VaultLayout.cellSize
                guard at + VaultLayout.cellCounterSize <= cells.count else { return 0 }
                return cells[at..<(at + VaultLayout.cellCounterSize)].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
            }
            return max(value(0), value(1))
        }
    }

    /// Checks the directory against its checksum. A header-only read skips this;
    /// call it before telling a user a name is unknown, so that a damaged
    /// directory reads as damage, not as a missing user.
    /// - Throws: `.damaged` when the checksum does not match.
    public func verifyDirectory() throws {
        if case .records(let format) = layout { try format.verifyDirectory(source: source, file: container.file) }
    }

    /// The same parse, reading records and cells from another open file with
    /// the same header; a format-4 file's attempt cells (outside the header,
    /// written in place) are read again from it.
    func reading(from source: VaultSource) throws -> SealedVault {
        var layout = self.layout
        var attempts = self.attempts
        if case .records(let f) = layout, f.hasAttemptCells {
            let reading = try f.readAttemptCells(source: source, container: container)
            attempts = reading.counts
            layout = .records(f.with(firstAttemptCell: reading.first))
        }
        return SealedVault(container: container, version: version, kdfLevel: kdfLevel, slots: slots, users: users,
                           failedPINAttempts: attempts.pin, failedRecoveryAttempts: attempts.recovery,
                           layout: layout, source: source)
    }

    /// Parses a whole file held in memory, fully verified. Every failure is
    /// `.damaged` or `.unsupportedVersion`, never a wrong PIN.
    /// - Parameters:
    ///   - bytes: the whole file.
    ///   - container: what the file must be: a vault or a backup (the magic says).
    /// - Returns: the sealed vault.
    /// - Throws: `.damaged` or `.unsupportedVersion`.
    public static func parse(_ bytes: [UInt8], as container: ContainerKind) throws -> SealedVault {
        try read(VaultSource(bytes: bytes), as: container, verification: .full)
    }

    /// Parses from a source, reading only what `verification` needs.
    /// - Parameters:
    ///   - source: the file, open or in memory.
    ///   - container: a vault or a backup.
    ///   - verification: `.header` for `respond`, `.full` for everything else.
    /// - Returns: the sealed vault; records and cells are read later, on demand.
    /// - Throws: `.damaged` or `.unsupportedVersion`; `.io`.
    public static func read(_ source: VaultSource, as container: ContainerKind, verification: VaultVerification) throws -> SealedVault {
        let noun = container.noun
        func damaged(_ why: String) -> IBKeyError { .damaged(Damage(container.file, why)) }
        guard source.size > 0 else { throw damaged("the file is empty") }
        guard source.size <= maxFileSize else { throw damaged("the file is larger than \(maxFileSize >> 20) MiB") }
        let prefix = try source.read(0, 64 << 10) // the whole fixed header, and a small directory
        guard prefix.count >= VaultLayout.magicRange.upperBound, Array(prefix[VaultLayout.magicRange]) == container.magic else {
            throw damaged("not an ibkey \(noun) file")
        }
        guard prefix.count >= VaultLayout.versionRange.upperBound else { throw damaged("the file is truncated") }
        let version = prefix[VaultLayout.versionRange].reduce(UInt16(0)) { $0 << 8 | UInt16($1) }
        switch version {
        case FormatV1.version: return try FormatV1.parse(try source.readAll(), as: container, source: source)
        case RecordFormat.versions: return try RecordFormat.parse(prefix: prefix, source: source, as: container, verification: verification)
        default: throw IBKeyError.unsupportedVersion(what: "the \(noun)", version: Int(version))
        }
    }

    /// How new failed-attempt counts are stored, without a key: in place in
    /// the attempt cells (format 4: the first write is made durable before the
    /// second, Docs/VAULT.md, "Attempt cells"), or by writing the whole file
    /// anew in its own format (formats 1 to 3, whose counts are in the
    /// checksummed header; the first write with the key upgrades the file).
    enum AttemptWrite {
        case inPlace(first: (offset: Int, bytes: [UInt8]), second: (offset: Int, bytes: [UInt8]))
        case whole([UInt8])
    }

    /// The writes that store `counts` as the failed PIN and recovery PIN attempts.
    /// - Throws: `.damaged` when a format-1 to -3 file on disk changed or no
    ///   longer carries its checksum; `.io`.
    func attemptWrite(_ counts: AttemptCells.Counts) throws -> AttemptWrite {
        switch layout {
        case .v1(let body): return .whole(body.serialized(failedPIN: counts.pin, failedRecovery: counts.recovery))
        case .records(let f) where f.hasAttemptCells:
            let writes = f.attemptWrites(counts)
            return .inPlace(first: writes[0], second: writes[1])
        case .records(let f): return .whole(try f.serialized(source: source, attempts: counts, file: container.file))
        }
    }

    /// The two counts as stored.
    var attempts: AttemptCells.Counts { AttemptCells.Counts(pin: failedPINAttempts, recovery: failedRecoveryAttempts) }

    /// Tries the PIN (or recovery PIN) of `kind` on this file as read: nil for a
    /// wrong PIN. Counts nothing and writes nothing (a backup, a file in memory);
    /// the vault on disk is opened with `VaultStore.unlock`, which counts.
    /// - Parameters:
    ///   - kind: which slot to open.
    ///   - pin: the PIN, in guarded memory.
    /// - Throws: `.damaged` for a slot that opens but does not fit
    ///   together, or a format-1 body that does not open; `.io`.
    public func tryUnlock(_ kind: PINKind, pin: SecureBytes) throws -> UnlockedVault? {
        guard let opened = try openSlot(kind, pin: pin) else { return nil }
        return try open(opened, kind)
    }

    /// The data key and KEK from the slot of `kind`, or nil for a wrong PIN.
    func openSlot(_ kind: PINKind, pin: SecureBytes) throws -> KeySlot.Opened? {
        guard let slot = slot(kind) else { throw IBKeyError.damaged(Damage(container.file, "key slot missing")) }
        return try slot.open(pin: pin, container: container)
    }

    /// Formats 2 and 3 decrypt nothing more until a user's record is asked for;
    /// format 1 decrypts its single body here (`.damaged` if it does not open).
    func open(_ opened: KeySlot.Opened, _ kind: PINKind) throws -> UnlockedVault {
        let vault: UnlockedVault
        switch layout {
        case .v1(let body): vault = try UnlockedVault(upgrading: self, body: body, dataKey: opened.dataKey)
        case .records(let f): vault = UnlockedVault(sealed: self, format: f, dataKey: opened.dataKey)
        }
        vault.remember(opened.kek, for: kind)
        vault.failedPINAttempts = failedPINAttempts
        vault.failedRecoveryAttempts = failedRecoveryAttempts
        return vault
    }
}
