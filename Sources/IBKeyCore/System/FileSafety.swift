#if canImport(Glibc)
import Glibc
#endif

/// The refusals that keep other users away from ibkey's files: a file or
/// folder others can write (a shared one such as `/tmp` included), one that
/// belongs to someone else, a second hard link, a symbolic link, a folder
/// where a file belongs; and the warning for a file others can read.
public enum FileSafety {
    /// Refuses a file or folder that someone other than its owner can write,
    /// or that belongs to another user: either would let them swap the vault.
    /// A folder everyone can write with the sticky bit (`/tmp`) is
    /// `.sharedFolder`: its fix is another folder, since taking write access
    /// away from a shared folder would break the machine.
    /// Nothing at `path` passes (it will be created owner-only).
    /// - Parameters:
    ///   - path: the file or folder.
    ///   - what: how messages name it ("vault folder").
    /// - Throws: `.unsafeFile` with the fix.
    public static func checkNotWritableByOthers(_ path: String, what: String) throws {
        var st = stat()
        guard stat(path, &st) == 0 else { return }
        if st.st_mode & 0o022 != 0 {
            let shared = st.st_mode & S_IFMT == S_IFDIR && st.st_mode & S_ISVTX != 0
            throw IBKeyError.unsafeFile(UnsafeFile(path: path, role: what, problem: shared ? .sharedFolder : .writableByOthers))
        }
        if st.st_uid != geteuid() && st.st_uid != 0 {
            throw IBKeyError.unsafeFile(UnsafeFile(path: path, role: what, problem: .ownedByAnotherUser))
        }
    }

    /// Refuses a folder where a file belongs (`--vault ~/.local/share/ibkey`):
    /// said as such, rather than as a file that cannot be read.
    /// - Parameters:
    ///   - path: the path of the file.
    ///   - what: how the message names it ("vault file").
    /// - Throws: `.unsafeFile` (`.folder`).
    public static func checkNotFolder(_ path: String, what: String) throws {
        var st = stat()
        guard stat(path, &st) == 0, st.st_mode & S_IFMT == S_IFDIR else { return }
        throw IBKeyError.unsafeFile(UnsafeFile(path: path, role: what, problem: .folder))
    }

    /// Refuses a file with more than one hard link: its lock (`<path>.lock`)
    /// belongs to one name, and a whole write through one name (a rename)
    /// would split the file in two (Docs/VAULT.md, "Writes").
    /// - Parameters:
    ///   - path: the file, for the message.
    ///   - linkCount: its link count when it was opened.
    ///   - what: how messages name it.
    /// - Throws: `.unsafeFile`.
    public static func checkSingleLink(_ path: String, linkCount: Int, what: String) throws {
        guard linkCount > 1 else { return }
        throw IBKeyError.unsafeFile(UnsafeFile(path: path, role: what, problem: .hardLinks(linkCount)))
    }

    /// Refuses a path whose last component is a symbolic link. Whole writes
    /// replace the path by rename (which would turn the link into a file) and
    /// in-place writes refuse to follow links, so a linked vault is refused
    /// up front, with the fix, instead of half-working.
    /// - Parameters:
    ///   - path: the path to check.
    ///   - what: how the message names it.
    /// - Throws: `.unsafeFile`.
    public static func checkNotSymlink(_ path: String, what: String) throws {
        var st = stat()
        guard lstat(path, &st) == 0, st.st_mode & S_IFMT == S_IFLNK else { return }
        throw IBKeyError.unsafeFile(UnsafeFile(path: path, role: what, problem: .symbolicLink))
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
}
