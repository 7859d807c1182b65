/// The issuer's store on disk (Docs/ISSUER.md, "Store format"): one file
/// encrypted with XChaCha20-Poly1305 under a 32-byte key file, rewritten whole
/// under a lock like the vault.
public final class IssuerStore {
    /// The store file.
    public let path: String
    /// Its key file (32 random bytes, `0600`).
    public let keyPath: String
    /// Told what is worth a warning but not a refusal (a store others can read).
    public var warn: (String) -> Void

    /// A store at `path` with its key at `keyPath`; nothing is read yet.
    /// - Parameters:
    ///   - path: the store file.
    ///   - keyPath: the key file.
    ///   - warn: receives warnings; ignored by default.
    public init(path: String, keyPath: String, warn: @escaping (String) -> Void = { _ in }) {
        self.path = path
        self.keyPath = keyPath
        self.warn = warn
    }

    /// True when a store file is at `path`.
    public var exists: Bool { FilePath.exists(path) }

    /// Creates the key file and an empty store.
    /// - Throws: `.unsafeFile` for a folder given as the store or key file;
    ///   `.storeExists` if either exists.
    public func initialize() throws {
        try checkNotFolders()
        try FilePath.makeDirectories(FilePath.directory(of: path))
        try FilePath.makeDirectories(FilePath.directory(of: keyPath))
        try exclusively {
            if FilePath.exists(path) { throw IBKeyError.storeExists(path: path) }
            if FilePath.exists(keyPath) { throw IBKeyError.storeExists(path: keyPath) }
            let key = Random.secret(IssuerStoreCodec.keySize)
            try AtomicFile.write(keyPath, secret: key)
            // A key file without its store would make the next init say "exists".
            do { try save(IssuerState(), key: key) } catch { try? AtomicFile.remove(keyPath); throw error }
        }
    }

    /// Called when another process holds the store's lock, before waiting
    /// for it (see `VaultStore.ifLocked`).
    public var ifLocked: (_ holder: Int32?) throws -> Void = { _ in }

    /// Runs `body` under the store's exclusive lock (`<store>.lock`).
    /// - Parameter body: the work to serialise with other `ibkey` processes.
    /// - Returns: what `body` returns.
    /// - Throws: `.unsafeFile` when others can write the store's folder; what `ifLocked` throws (`.busy`); `.io` when the
    ///   lock cannot be taken; what `body` throws.
    public func exclusively<R>(_ body: () throws -> R) throws -> R {
        try FileSafety.checkNotWritableByOthers(FilePath.directory(of: path), what: "issuer folder")
        let lock = try FileLock(guarding: path, ifHeld: ifLocked)
        defer { withExtendedLifetime(lock) {} }
        return try body()
    }

    /// Runs a read-modify-write under the lock and saves the state `body` changed.
    /// Nothing is saved when `body` throws.
    /// - Parameter body: reads and changes the state.
    /// - Returns: what `body` returns.
    /// - Throws: `.storeNotFound`, or `.fileNotFound` for the key file;
    ///   `.unsafeFile` for a store, key file or folder others can reach, or a
    ///   store with a second hard link; `.damaged` or
    ///   `.unsupportedVersion`; `.io`; what `body` throws.
    public func update<R>(_ body: (IssuerState) throws -> R) throws -> R {
        guard exists else { throw IBKeyError.storeNotFound(path: path) }
        return try exclusively {
            let key = try loadKey()
            let state = try load(key: key)
            let result = try body(state)
            try save(state, key: key)
            return result
        }
    }

    /// The state, read without changing anything (and without the lock:
    /// writes replace the file atomically).
    /// - Returns: the decrypted state.
    /// - Throws: as `update`, but without a lock to wait for.
    public func read() throws -> IssuerState {
        try load(key: try loadKey())
    }

    /// A folder given for the store or its key file is said as such (not as
    /// a store that exists, or a file that cannot be read).
    private func checkNotFolders() throws {
        try FileSafety.checkNotFolder(path, what: "issuer store")
        try FileSafety.checkNotFolder(keyPath, what: "issuer key file")
    }

    /// The key file, straight into guarded memory; refused when others can read it.
    func loadKey() throws -> SecureBytes {
        guard FilePath.exists(path) else { throw IBKeyError.storeNotFound(path: path) }
        try checkNotFolders()
        try FileSafety.checkNotWritableByOthers(FilePath.directory(of: keyPath), what: "issuer key folder")
        guard let key = try FileReader.readSecret(keyPath, size: IssuerStoreCodec.keySize, what: "issuer key file", file: .issuerKeyFile(path: keyPath)) else {
            throw IBKeyError.fileNotFound(path: keyPath)
        }
        return key
    }

    func load(key: SecureBytes) throws -> IssuerState {
        try FileSafety.checkNotWritableByOthers(path, what: "issuer store")
        guard let file = try FileReader.read(path, maxSize: IssuerStoreCodec.maxFileSize) else {
            throw IBKeyError.storeNotFound(path: path)
        }
        try FileSafety.checkSingleLink(path, linkCount: file.linkCount, what: "issuer store")
        if let warning = FileSafety.readableByOthersWarning(path, mode: file.mode, what: "issuer store",
                                                                risk: "open it with the key file, should they ever read that too") { warn(warning) }
        return try IssuerStoreCodec.decode(file.bytes, key: key)
    }

    func save(_ state: IssuerState, key: SecureBytes) throws {
        try AtomicFile.replaceUnderLock(path, IssuerStoreCodec.encode(state, key: key))
    }
}
