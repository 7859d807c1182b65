/// The vault file on disk: reading, locked read-modify-write, and the
/// wrong-PIN counter that persists across invocations.
public final class VaultStore {
    public static let maxAttempts: UInt16 = 10
    public let path: String

    public init(path: String) { self.path = path }

    public var exists: Bool { SecureFile.exists(path) }

    /// Checks the folder and file are not writable by others.
    public func checkPermissions() throws {
        try SecureFile.checkNotWritableByOthers(SecureFile.directory(of: path), what: "vault folder")
        try SecureFile.checkNotWritableByOthers(path, what: "vault file")
    }

    /// The last file read and what it parsed to. Commands read the vault before
    /// asking for the PIN and again under the lock; when the bytes are the same,
    /// the second read skips the checksum and the parse.
    private var lastRead: (bytes: [UInt8], vault: SealedVault)?

    /// The vault as on disk, without a lock (writes replace it atomically, so a
    /// reader sees the old or the new file).
    public func load() throws -> SealedVault {
        try checkPermissions()
        guard let bytes = try SecureFile.read(path, maxSize: SealedVault.maxFileSize) else {
            throw IBKeyError.vaultNotFound(path: path)
        }
        if let last = lastRead, last.bytes == bytes { return last.vault }
        let vault = try SealedVault.parse(bytes, as: .vault)
        lastRead = (bytes, vault)
        return vault
    }

    /// Runs `body` under the exclusive lock. Every read-modify-write happens in here.
    public func exclusively<R>(_ body: () throws -> R) throws -> R {
        try SecureFile.makeDirectories(SecureFile.directory(of: path))
        try checkPermissions()
        let lock = try FileLock(guarding: path, mode: .exclusive)
        defer { withExtendedLifetime(lock) {} }
        return try body()
    }

    /// Atomic replace. Call inside `exclusively`.
    public func save(_ bytes: [UInt8]) throws {
        try SecureFile.writeAtomically(path, bytes)
    }

    public func save(_ vault: UnlockedVault) throws {
        try save(vault.serialized())
    }

    /// Opens the vault with a PIN or the recovery PIN, counting failures on disk.
    /// Call inside `exclusively`. A wrong PIN is recorded before the error is thrown.
    public func unlock(_ kind: KeySlot.Kind, pin: SecureBytes) throws -> UnlockedVault {
        var sealed = try load()
        let failed = kind == .pin ? sealed.failedPINAttempts : sealed.failedRecoveryAttempts
        if failed >= Self.maxAttempts { throw kind == .pin ? IBKeyError.vaultBlocked : IBKeyError.recoveryBlocked }
        guard let vault = try sealed.unlock(kind, pin: pin) else {
            if kind == .pin { sealed.failedPINAttempts += 1 } else { sealed.failedRecoveryAttempts += 1 }
            try save(sealed.serialized())
            let left = Int(Self.maxAttempts) - Int(failed + 1)
            throw kind == .pin ? IBKeyError.wrongPIN(attemptsLeft: left) : IBKeyError.wrongRecoveryPIN(attemptsLeft: left)
        }
        if failed > 0 {
            if kind == .pin { sealed.failedPINAttempts = 0 } else { sealed.failedRecoveryAttempts = 0 }
            try save(sealed.serialized())
        }
        if kind == .pin { vault.failedPINAttempts = 0 } else { vault.failedRecoveryAttempts = 0 }
        return vault
    }

    public func delete() throws {
        try SecureFile.remove(path)
        try SecureFile.remove(path + ".lock")
    }
}
