#if canImport(Glibc)
import Glibc
#endif

/// The vault file on disk: reading, locked read-modify-write, in-place
/// counter updates, and the wrong-PIN counter that persists across invocations.
public final class VaultStore {
    /// The vault file (`--vault`, `IBKEY_VAULT`, or the default under `XDG_DATA_HOME`).
    public let path: String

    /// Told what is worth a warning but not a refusal (a vault others can
    /// read), once per store. The CLI prints it; the core never prints.
    public var warn: (String) -> Void

    /// A store for the vault at `path`; nothing is read yet.
    /// - Parameters:
    ///   - path: the vault file.
    ///   - warn: receives warnings; ignored by default.
    public init(path: String, warn: @escaping (String) -> Void = { _ in }) {
        self.path = path
        self.warn = warn
    }
    private var warned = false

    /// Called when another process holds the vault's lock, before waiting for
    /// it, with the holder's process id when known: the CLI says that it waits,
    /// or throws `.busy` for `--no-wait`. Waits silently by default.
    public var ifLocked: (_ holder: Int32?) throws -> Void = { _ in }

    /// True when something is at `path`.
    public var exists: Bool { FilePath.exists(path) }

    /// Checks the folder and file are not writable by others.
    /// The file may not be a symbolic link or a folder either.
    /// - Throws: `.unsafeFile` with the fix.
    public func checkPermissions() throws {
        try FileSafety.checkNotFolder(path, what: "vault file")
        try FileSafety.checkNotWritableByOthers(FilePath.directory(of: path), what: "vault folder")
        try FileSafety.checkNotWritableByOthers(path, what: "vault file")
        try FileSafety.checkNotSymlink(path, what: "vault file")
    }

    /// The parse of the last read and the fixed header it was verified from
    /// (a few hundred bytes, checksum included). Commands read the vault before asking
    /// for the PIN and again under the lock; when the fixed header is the same
    /// bytes (it holds the sizes and the checksums of the directory and the
    /// records), the second read skips reading and parsing a large directory.
    private var lastRead: LastRead?
    private struct LastRead { // a struct, not a tuple: tuple metadata is built at run time
        let header: [UInt8]
        let vault: SealedVault
        let verification: VaultVerification
    }

    /// The vault as on disk, without a lock (whole-file writes replace it
    /// atomically, counter cells are written in place and read under the lock).
    /// `.header` reads only the header; `.full` checks every byte but the cells.
    /// - Parameter verification: how much to check.
    /// - Returns: the sealed vault, reading records and cells on demand.
    /// - Throws: `.unsafeFile`; `.vaultNotFound`; `.damaged` or `.unsupportedVersion`; `.io`.
    public func load(_ verification: VaultVerification = .full) throws -> SealedVault {
        try checkPermissions()
        guard let source = try VaultSource.open(path: path) else { throw IBKeyError.vaultNotFound(path: path) }
        try FileSafety.checkSingleLink(path, linkCount: source.linkCount, what: "vault file")
        if !warned, let warning = FileSafety.readableByOthersWarning(path, mode: source.mode, what: "vault file") {
            warned = true
            warn(warning)
        }
        if let last = lastRead, case .records(let layout) = last.vault.layout,
           last.verification == .full || verification == .header,
           source.size == layout.fileSize,
           try source.read(0, last.header.count) == last.header {
            // Same verified header: reuse the parse, read records and cells through the new file.
            return try last.vault.reading(from: source)
        }
        let vault = try SealedVault.read(source, as: .vault, verification: verification)
        if case .records(let layout) = vault.layout {
            lastRead = LastRead(header: layout.verifiedHeader, vault: vault, verification: verification)
        }
        return vault
    }

    /// Runs `body` under the exclusive lock. Every read-modify-write happens in here.
    /// The vault's folder is created (0700) if missing.
    /// - Parameter body: the read-modify-write.
    /// - Returns: what `body` returns.
    /// - Throws: `.unsafeFile`; what `ifLocked`
    ///   throws (`.busy`); `.io`; what `body` throws.
    public func exclusively<R>(_ body: () throws -> R) throws -> R {
        try FilePath.makeDirectories(FilePath.directory(of: path))
        try checkPermissions()
        let lock = try FileLock(guarding: path, ifHeld: ifLocked)
        defer { withExtendedLifetime(lock) {} }
        return try body()
    }

    /// Atomic replace. Call inside `exclusively`.
    /// - Parameter bytes: the whole new file.
    /// - Throws: `.io`; the old file is then unchanged.
    public func save(_ bytes: [UInt8]) throws {
        try AtomicFile.replaceUnderLock(path, bytes)
        lastRead = nil
    }

    /// Writes `vault` whole, in the format this build writes. Call inside `exclusively`.
    /// - Parameter vault: the vault to store.
    /// - Throws: `.damaged` as `UnlockedVault.serialized`; `.io`.
    public func save(_ vault: UnlockedVault) throws {
        try save(try vault.serialized())
    }

    /// Stores user `index`'s next counter durably, before any response made
    /// with the counter before it is shown: both counter cells overwritten in
    /// place, one after the other, each `fdatasync`ed; or a whole atomic write
    /// (formats 1 and 2, upgraded by it, or the directory changed). Call
    /// inside `exclusively`.
    /// - Parameters:
    ///   - value: the next counter.
    ///   - index: the user's position.
    ///   - vault: the vault, unlocked under this lock.
    /// - Throws: `.io`, saying whether the stored counter changed;
    ///   `.damaged`.
    public func commitCounter(_ value: UInt64, at index: Int, of vault: UnlockedVault) throws {
        guard let write = try vault.inPlaceCounterWrite(value, at: index) else {
            try vault.setCounter(value, at: index)
            try save(vault)
            return
        }
        let file = try inPlaceFile(for: write.source)
        // A torn first write spoils only the cell being written; the other
        // still holds the counter no shown response has used.
        try file.write(write.first.bytes, at: write.first.offset, ifFailed: "the stored counter is unchanged")
        try file.write(write.second.bytes, at: write.second.offset,
                       ifFailed: "the counter was stored, but no response was shown")
    }

    /// The file open for in-place writes, kept for the next write to the same
    /// file (an attempt counted, then the counter stored: one `open`).
    private var writer: (file: InPlaceFile, identity: (dev: UInt64, ino: UInt64))?

    /// An in-place writer on the file `source` was read from (its device and
    /// inode are checked: a file replaced meanwhile is never written).
    private func inPlaceFile(for source: VaultSource) throws -> InPlaceFile {
        if let w = writer, let id = source.identity, w.identity == id { return w.file }
        let file = try InPlaceFile(path, expecting: source.identity)
        if let id = source.identity { writer = (file, id) }
        return file
    }

    /// The vault `vault` was opened from, read again (call inside
    /// `exclusively`): when its fixed header is unchanged (no whole write in
    /// between, at most counter cells written in place), it is opened again
    /// with the keys `vault` holds, without deriving them again. Nil otherwise:
    /// unlock again. Lets a command unlock, release the lock while a person
    /// types a new PIN, and lock again.
    /// - Parameter vault: the vault as unlocked before the lock was released.
    /// - Returns: the vault as on disk now, unlocked; nil when it changed, or
    ///   when `vault` was not read from a format-3 or format-2 file.
    /// - Throws: as `load`.
    public func reopen(_ vault: UnlockedVault) throws -> UnlockedVault? {
        guard let (old, oldFormat) = vault.origin else { return nil }
        let current = try load(.full)
        guard case .records(let format) = current.layout, format.verifiedHeader == oldFormat.verifiedHeader,
              old.container == current.container else { return nil }
        let again = UnlockedVault(sealed: current, format: format, dataKey: vault.dataKey)
        again.pinKEK = vault.pinKEK
        again.recoveryKEK = vault.recoveryKEK
        again.failedPINAttempts = current.failedPINAttempts
        again.failedRecoveryAttempts = current.failedRecoveryAttempts
        return again
    }

    /// Opens the vault with a PIN or the recovery PIN, counting failures on disk.
    /// Call inside `exclusively`. A wrong PIN is recorded before the error is thrown.
    /// - Parameters:
    ///   - kind: which PIN.
    ///   - pin: the PIN, in guarded memory.
    ///   - verification: `.header` for `respond`, `.full` otherwise.
    /// - Returns: the unlocked vault.
    /// - Throws: `.vaultBlocked` or `.recoveryBlocked` before any attempt; `.wrongPIN` or `.wrongRecoveryPIN`; and what `load` throws.
    public func unlock(_ kind: PINKind, pin: SecureBytes, verification: VaultVerification = .full) throws -> UnlockedVault {
        let (sealed, opened) = try unwrap(kind, pin: pin, verification: verification)
        return try sealed.open(opened, kind)
    }

    /// Opens the vault with the PIN after checking the recovery PIN too (for
    /// changes that need both). Each is counted as `unlock` counts it, and the
    /// vault returned carries both resets, so a save keeps them. Both slots
    /// must lead to the same data key (Docs/THREAT-MODEL.md, "Forged backups").
    /// - Parameters:
    ///   - pin: the PIN.
    ///   - recoveryPIN: the recovery PIN.
    /// - Returns: the vault, unlocked with the PIN, holding both KEKs.
    /// - Throws: as `unlock(_:pin:verification:)`, for either PIN; `.damaged`
    ///   when the two slots open to different data keys.
    public func unlock(pin: SecureBytes, recoveryPIN: SecureBytes) throws -> UnlockedVault {
        let (_, pinOpened) = try unwrap(.pin, pin: pin, verification: .full)
        let (sealed, recoveryOpened) = try unwrap(.recoveryPIN, pin: recoveryPIN, verification: .full)
        guard pinOpened.dataKey.constantTimeEquals(recoveryOpened.dataKey) else {
            throw IBKeyError.damaged(Damage(sealed.container.file, "the PIN and recovery PIN slots lead to different keys (the file was altered)"))
        }
        let vault = try sealed.open(pinOpened, .pin)
        vault.remember(recoveryOpened.kek, for: .recoveryPIN)
        return vault
    }

    /// The vault as on disk after this attempt was counted and its outcome
    /// known, and what the slot gave (Docs/VAULT.md, "Failed attempts"). The
    /// attempt is counted durably BEFORE the key derivation's result is used:
    /// a write that fails stops everything before the PIN is tried, so the
    /// answer (a response, or "wrong PIN") is never given for an uncounted
    /// attempt. A success lowers the count again.
    private func unwrap(_ kind: PINKind, pin: SecureBytes, verification: VaultVerification) throws -> (SealedVault, KeySlot.Opened) {
        var sealed = try load(verification)
        try sealed.checkNotBlocked(kind)
        let before = sealed.attempts
        var raised = before
        raised[kind] += 1
        sealed = try storeAttempts(raised, of: sealed, durably: true, verification: verification)
        let result: KeySlot.Opened?
        do { result = try sealed.openSlot(kind, pin: pin) } catch {
            // A slot is found damaged only once its wrap opened (the PIN was
            // right), or the derivation could not run: nothing was guessed.
            _ = try? storeAttempts(before, of: sealed, durably: false, verification: verification)
            throw error
        }
        guard let opened = result else {
            let left = Int(PINPolicy.maxFailedAttempts) - Int(raised[kind])
            throw kind == .pin ? IBKeyError.wrongPIN(attemptsLeft: left) : IBKeyError.wrongRecoveryPIN(attemptsLeft: left)
        }
        var lowered = raised
        lowered[kind] = 0
        // Not made durable: should it be lost, the count stays one too high,
        // which never helps a guesser (the next success lowers it).
        sealed = try storeAttempts(lowered, of: sealed, durably: false, verification: verification)
        return (sealed, opened)
    }

    /// Stores new attempt counts: in place in a format-4 file (`durably`: the
    /// first cell is made durable before the second is written), or as a whole
    /// new file for older formats (always durable; the file is then read again,
    /// so that later in-place writes go to it).
    private func storeAttempts(_ counts: AttemptCells.Counts, of sealed: SealedVault, durably: Bool,
                               verification: VaultVerification) throws -> SealedVault {
        var updated = sealed
        updated.failedPINAttempts = counts.pin
        updated.failedRecoveryAttempts = counts.recovery
        guard counts != sealed.attempts else { return updated }
        switch try sealed.attemptWrite(counts) {
        case .inPlace(let first, let second):
            let file = try inPlaceFile(for: sealed.source)
            try file.write(first.bytes, at: first.offset, durably: durably,
                           ifFailed: "the attempt could not be counted, so the PIN was not tried; the vault is unchanged")
            try file.write(second.bytes, at: second.offset, durably: false,
                           ifFailed: "the attempt is counted, but the PIN was not tried")
            return updated
        case .whole(let bytes):
            try save(bytes)
            return try load(verification)
        }
    }
}
