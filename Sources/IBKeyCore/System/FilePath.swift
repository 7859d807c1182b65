#if canImport(Glibc)
import Glibc
#endif

/// Paths and folders: what is at a path, its folder, and folders made owner-only.
public enum FilePath {
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
    /// - Throws: `.io` when `path` is not a folder or cannot be created.
    public static func makeDirectories(_ path: String) throws {
        var st = stat()
        if stat(path, &st) == 0 {
            guard st.st_mode & S_IFMT == S_IFDIR else { throw IBKeyError.io("\(path) is not a folder") }
            return
        }
        let parent = directory(of: path)
        if parent != path && parent != "." && parent != "/" { try makeDirectories(parent) }
        if mkdir(path, 0o700) != 0 && errno != EEXIST {
            throw IBKeyError.io("cannot create folder \(path): \(FileIO.errnoText())")
        }
    }
}
