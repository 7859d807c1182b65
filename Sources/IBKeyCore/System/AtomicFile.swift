#if canImport(Glibc)
import Glibc
#endif

/// Whole-file writes that a crash cannot tear: a temporary file beside the
/// target, written, `fsync`ed, then renamed over it (or linked, for a file
/// that must not exist yet), and the folder `fsync`ed. Every write also
/// removes the temporary files that killed earlier writes of the same file
/// left behind (whole, older copies: a vault, a key file, an export).
/// Deletion, made durable.
public enum AtomicFile {
    /// Replaces `path` atomically with `bytes` (mode 0600): a crash at any
    /// instant leaves either the old file or the new one, never a mix.
    /// Call under the file's lock.
    /// - Parameters:
    ///   - path: the file to replace (or create).
    ///   - bytes: its new contents.
    /// - Throws: `.io`; the old file is then unchanged.
    public static func write(_ path: String, _ bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { try write(path, $0) }
    }

    /// `write` of a secret, written from guarded memory.
    /// - Parameters:
    ///   - path: the file to replace (or create).
    ///   - secret: its new contents (a key file).
    /// - Throws: `.io`.
    public static func write(_ path: String, secret: SecureBytes) throws {
        try secret.withBytes { try write(path, $0) }
    }

    /// `write`, for a file a lock guards (the vault, the issuer store): no
    /// live write's temporary file can be there.
    /// - Parameters:
    ///   - path: the file to replace (or create).
    ///   - bytes: its new contents.
    /// - Throws: `.io`; the old file is then unchanged.
    public static func replaceUnderLock(_ path: String, _ bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { try write(path, $0) }
    }

    static func write(_ path: String, _ bytes: UnsafeRawBufferPointer) throws {
        try writeThroughTemporary(path, bytes) { tmpPath in
            guard rename(tmpPath, path) == 0 else {
                throw IBKeyError.io("cannot replace \(path): \(FileIO.errnoText()); the old file is unchanged")
            }
        }
    }

    /// Writes a new file at `path` (mode 0600), whole or not at all, and never
    /// over an existing one: the data goes to a temporary file that is then
    /// hard-linked to `path`, which fails if anything is already there.
    /// - Parameters:
    ///   - path: the new file (an export).
    ///   - bytes: its contents.
    /// - Throws: `.fileExists` when `path` exists; `.io` when the write fails.
    public static func createNew(_ path: String, _ bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { try createNew(path, $0) }
    }

    /// `createNew` of a secret (an otpauth URI), written from guarded memory.
    /// - Parameters:
    ///   - path: the new file.
    ///   - secret: its contents.
    /// - Throws: `.fileExists` when `path` exists; `.io` when the write fails.
    public static func createNew(_ path: String, secret: SecureBytes) throws {
        try secret.withBytes { try createNew(path, $0) }
    }

    static func createNew(_ path: String, _ bytes: UnsafeRawBufferPointer) throws {
        try writeThroughTemporary(path, bytes) { tmpPath in
            guard link(tmpPath, path) == 0 else {
                if errno == EEXIST { throw IBKeyError.fileExists(path: path) }
                throw IBKeyError.io("cannot write \(path): \(FileIO.errnoText())")
            }
            unlink(tmpPath)
        }
    }

    /// Writes `bytes` durably to a fresh owner-only file beside `path`, then
    /// lets `install` put it in place; the temporary file goes on failure.
    private static func writeThroughTemporary(_ path: String, _ bytes: UnsafeRawBufferPointer,
                                              install: (String) throws -> Void) throws {
        let dir = FilePath.directory(of: path)
        // A random name in the same folder (so rename is atomic), created
        // exclusively and owner-only from the first instant.
        let suffix = Random.bytes(6).map { String($0, radix: 16) }.joined()
        let tmpPath = "\(path).tmp.\(suffix)"
        let fd = open(tmpPath, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0o600)
        guard fd >= 0 else { throw IBKeyError.io("cannot write in \(dir): \(FileIO.errnoText())") }
        var ok = false
        defer { if !ok { unlink(tmpPath) } }
        defer { if fd >= 0 { close(fd) } }
        guard fchmod(fd, 0o600) == 0 else { throw IBKeyError.io("cannot set permissions on \(tmpPath): \(FileIO.errnoText())") }
        let failed = FileIO.writeFully(fd, bytes)
        guard failed == 0 else { throw IBKeyError.io("cannot write \(path): \(FileIO.errnoText(failed)); the old file is unchanged") }
        guard fsync(fd) == 0 else { throw IBKeyError.io("cannot write \(path): \(FileIO.errnoText()); the old file is unchanged") }
        try install(tmpPath)
        ok = true
        removeStrays(of: path) // before the folder sync, which makes both durable
        syncDirectory(dir)
    }

    /// Removes what killed atomic writes of `path` left behind
    /// (`<path>.tmp.<random>`: whole, older copies of the file), after each
    /// write of `path`, before its folder sync. Files a lock guards have no
    /// live write's temporary file then; a file written without one (an
    /// export) could lose a concurrent writer's, whose write then fails and
    /// leaves nothing behind. Only regular files of this user with the exact
    /// temp-name pattern go.
    /// - Parameter path: the file whose strays to remove.
    static func removeStrays(of path: String) {
        let dir = FilePath.directory(of: path)
        let base = path.lastIndex(of: "/").map { String(path[path.index(after: $0)...]) } ?? path
        let prefix = base + ".tmp."
        guard let d = opendir(dir) else { return }
        defer { closedir(d) }
        var strays: [String] = []
        while let entry = readdir(d) {
            let name = withUnsafePointer(to: entry.pointee.d_name) {
                $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
            }
            let suffix = name.dropFirst(prefix.count)
            guard name.hasPrefix(prefix), !suffix.isEmpty, suffix.count <= 16,
                  suffix.utf8.allSatisfy({ (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }) else { continue }
            strays.append(dir + "/" + name)
        }
        for p in strays {
            var st = stat()
            if lstat(p, &st) == 0, st.st_mode & S_IFMT == S_IFREG, st.st_uid == geteuid() { unlink(p) }
        }
    }

    /// fsync of a folder makes a rename or unlink in it durable.
    /// Best effort: a folder that cannot be opened is skipped.
    /// - Parameter dir: the folder.
    public static func syncDirectory(_ dir: String) {
        let dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if dfd >= 0 { _ = fsync(dfd); close(dfd) }
    }

    /// Deletes `path` (nothing there is fine) and makes that durable.
    /// - Parameter path: the file.
    /// - Throws: `.io` when the file cannot be deleted.
    public static func remove(_ path: String) throws {
        if unlink(path) != 0 && errno != ENOENT {
            throw IBKeyError.io("cannot delete \(path): \(FileIO.errnoText())")
        }
        syncDirectory(FilePath.directory(of: path))
    }
}
