#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The vault file on disk: reading, locked read-modify-write, in-place
/// counter updates, and the wrong-PIN counter that persists across invocations.
public final class VaultStore {
    public let path: String

    public init(path: String) { self.path = path }

    public var exists: Bool { SecureFile.exists(path) }

    /// Checks the folder and file are not writable by others.
    public func checkPermissions() throws {
        try SecureFile.checkNotWritableByOthers(SecureFile.directory(of: path), what: "vault folder")
        try SecureFile.checkNotWritableByOthers(path, what: "vault file")
        try SecureFile.checkNotSymlink(path, what: "vault file")
    }

    /// The parse of the last read and the fixed header it was verified from
    /// (≤ 420 bytes, checksum included). Commands read the vault before asking
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
    public func load(_ verification: VaultVerification = .full) throws -> SealedVault {
        try checkPermissions()
        guard let source = try VaultSource.open(path: path) else { throw IBKeyError.vaultNotFound(path: path) }
        if let last = lastRead, case .v2(let layout) = last.vault.layout,
           last.verification == .full || verification == .header,
           source.size == layout.fileSize,
           try source.read(0, last.header.count) == last.header {
            // Same verified header: reuse the parse, read records and cells through the new file.
            return last.vault.reading(from: source)
        }
        let vault = try SealedVault.read(source, as: .vault, verification: verification)
        if case .v2(let layout) = vault.layout {
            lastRead = LastRead(header: layout.verifiedHeader, vault: vault, verification: verification)
        }
        return vault
    }

    /// Runs `body` under the exclusive lock. Every read-modify-write happens in here.
    public func exclusively<R>(_ body: () throws -> R) throws -> R {
        try SecureFile.makeDirectories(SecureFile.directory(of: path))
        try checkPermissions()
        let lock = try FileLock(guarding: path)
        defer { withExtendedLifetime(lock) {} }
        return try body()
    }

    /// Atomic replace. Call inside `exclusively`.
    public func save(_ bytes: [UInt8]) throws {
        try SecureFile.writeAtomically(path, bytes)
        lastRead = nil
    }

    public func save(_ vault: UnlockedVault) throws {
        try save(try vault.serialized())
    }

    /// Stores user `index`'s next counter durably: one cell overwritten in
    /// place and `fdatasync`ed when the file allows, a whole atomic write
    /// otherwise (format 1, or the directory changed). Call inside `exclusively`.
    public func commitCounter(_ value: UInt64, at index: Int, of vault: UnlockedVault) throws {
        guard let write = try vault.inPlaceCounterWrite(value, at: index) else {
            try vault.setCounter(value, at: index)
            try save(vault)
            return
        }
        try SecureFile.overwriteInPlace(path, at: write.offset, with: write.bytes, expecting: write.source.identity)
    }

    /// Opens the vault with a PIN or the recovery PIN, counting failures on disk.
    /// Call inside `exclusively`. A wrong PIN is recorded before the error is thrown.
    public func unlock(_ kind: PINKind, pin: SecureBytes, verification: VaultVerification = .full) throws -> UnlockedVault {
        let (sealed, dataKey) = try unwrap(kind, pin: pin, verification: verification)
        return try sealed.open(dataKey: dataKey)
    }

    /// Opens the vault with the PIN after checking the recovery PIN too (for
    /// changes that need both). Each is counted as `unlock` counts it, and the
    /// vault returned carries both resets, so a save keeps them.
    public func unlock(pin: SecureBytes, recoveryPIN: SecureBytes) throws -> UnlockedVault {
        let (_, dataKey) = try unwrap(.pin, pin: pin, verification: .full)
        let (sealed, _) = try unwrap(.recoveryPIN, pin: recoveryPIN, verification: .full)
        return try sealed.open(dataKey: dataKey)
    }

    /// The vault as on disk after this attempt is counted, and the data key.
    private func unwrap(_ kind: PINKind, pin: SecureBytes, verification: VaultVerification) throws -> (SealedVault, SecureBytes) {
        var sealed = try load(verification)
        try sealed.checkNotBlocked(kind)
        let failed = sealed.failedAttempts(kind)
        guard let dataKey = try sealed.dataKey(kind, pin: pin) else {
            if kind == .pin { sealed.failedPINAttempts += 1 } else { sealed.failedRecoveryAttempts += 1 }
            try save(try sealed.serialized())
            let left = Int(PINPolicy.maxFailedAttempts) - Int(failed + 1)
            throw kind == .pin ? IBKeyError.wrongPIN(attemptsLeft: left) : IBKeyError.wrongRecoveryPIN(attemptsLeft: left)
        }
        if failed > 0 {
            if kind == .pin { sealed.failedPINAttempts = 0 } else { sealed.failedRecoveryAttempts = 0 }
            try save(try sealed.serialized())
            // The file was replaced: read the new one, so in-place writes go to it.
            sealed = try load(verification)
        }
        return (sealed, dataKey)
    }

}
