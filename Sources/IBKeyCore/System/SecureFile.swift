#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// File operations with the guarantees the vault, backups and the issuer store
/// need: atomic replacement (temp file, fsync, rename, fsync of the folder),
/// owner-only permissions, and refusal of files or folders others can write.
public enum SecureFile {
    /// A string describing a system error.
    /// - Parameter code: the errno value (by default the last one).
    /// - Returns: `strerror`'s text.
    public static func errnoText(_ code: Int32 = errno) -> String {
        String(cString: strerror(code))
    }

    /// True when anything is at `path`, a symbolic link included (`lstat`).
    /// - Parameter path: the path to look at.
    /// - Returns: whether it exists.
    public static func exists(_ path: String) -> Bool {
        var st = stat()
        return lstat(path, &st) == 0
    }

    /// The folder part of a path ("." when none).
    /// - Parameter path: a file's path.
    /// - Returns: everything before the last `/` (`/` for a file at the root).
    public static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        let dir = String(path[..<slash])
        return dir.isEmpty ? "/" : dir
    }

    /// Creates `path` and its missing parents with mode 0700.
    /// - Parameter path: the folder.
    /// - Throws: `.io` (exit 70) when `path` is not a folder or cannot be created.
    public static func makeDirectories(_ path: String) throws {
        var st = stat()
        if stat(path, &st) == 0 {
            guard st.st_mode & S_IFMT == S_IFDIR else { throw IBKeyError.io("\(path) is not a folder") }
            return
        }
        let parent = directory(of: path)
        if parent != path && parent != "." && parent != "/" { try makeDirectories(parent) }
        if mkdir(path, 0o700) != 0 && errno != EEXIST {
            throw IBKeyError.io("cannot create folder \(path): \(errnoText())")
        }
    }

    /// Refuses a file or folder that someone other than its owner can write,
    /// or that belongs to another user: either would let them swap the vault.
    /// Nothing at `path` passes (it will be created owner-only).
    /// - Parameters:
    ///   - path: the file or folder.
    ///   - what: how messages name it ("vault folder").
    /// - Throws: `.insecureFile` with the fix (exit 2).
    public static func checkNotWritableByOthers(_ path: String, what: String) throws {
        var st = stat()
        guard stat(path, &st) == 0 else { return }
        if st.st_mode & 0o022 != 0 {
            throw IBKeyError.insecureFile("\(what) \(path) is writable by other users",
                                          hint: "run 'chmod go-w \(path)'")
        }
        if st.st_uid != geteuid() && st.st_uid != 0 {
            throw IBKeyError.insecureFile("\(what) \(path) belongs to another user",
                                          hint: "use a \(what) of your own")
        }
    }

    /// Refuses a file with more than one hard link: its lock (`<path>.lock`)
    /// belongs to one name, and a whole write through one name (a rename)
    /// would split the file in two (Docs/VAULT.md, "Writes").
    /// - Parameters:
    ///   - path: the file, for the message.
    ///   - linkCount: its link count when it was opened.
    ///   - what: how messages name it.
    /// - Throws: `.insecureFile` (exit 2).
    public static func checkSingleLink(_ path: String, linkCount: Int, what: String) throws {
        guard linkCount > 1 else { return }
        throw IBKeyError.insecureFile("\(what) \(path) has \(linkCount) hard links",
                                      hint: "keep one name: remove the other links (find / -samefile \(path)), and copy the file for a snapshot")
    }

    /// What to tell the user about a file that others can read, or nil.
    /// - Parameters:
    ///   - path: the file.
    ///   - mode: its permission bits.
    ///   - what: how the warning names it.
    ///   - risk: what a copy lets others do (for a vault or backup: guess its PINs offline).
    /// - Returns: the warning, with the `chmod` to run.
    public static func readableByOthersWarning(_ path: String, mode: UInt32, what: String,
                                               risk: String = "guess PINs offline") -> String? {
        mode & 0o044 == 0 ? nil : "\(what) \(path) can be read by other users, who could copy it and \(risk); run 'chmod 600 \(path)'"
    }

    /// Removes what killed atomic writes of `path` left behind
    /// (`<path>.tmp.<random>`: whole, older copies of the file). Called under
    /// the lock that guards `path` (`replaceUnderLock`), so no live write's
    /// temp file is touched, before its folder sync. Only regular files of
    /// this user with the exact temp-name pattern go.
    /// - Parameter path: the file whose strays to remove.
    static func removeStrays(of path: String) {
        let dir = directory(of: path)
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

    /// Refuses a path whose last component is a symbolic link. Whole writes
    /// replace the path by rename (which would turn the link into a file) and
    /// in-place writes refuse to follow links, so a linked vault is refused
    /// up front, with the fix, instead of half-working.
    /// - Parameters:
    ///   - path: the path to check.
    ///   - what: how the message names it.
    /// - Throws: `.symbolicLink` (exit 2).
    public static func checkNotSymlink(_ path: String, what: String) throws {
        var st = stat()
        guard lstat(path, &st) == 0, st.st_mode & S_IFMT == S_IFLNK else { return }
        throw IBKeyError.symbolicLink(what: what, path: path)
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
    /// - Throws: `.io` (exit 70) when the file cannot be deleted.
    public static func remove(_ path: String) throws {
        if unlink(path) != 0 && errno != ENOENT {
            throw IBKeyError.io("cannot delete \(path): \(errnoText())")
        }
        syncDirectory(directory(of: path))
    }
}
