/// A file or folder ibkey refuses to trust (`IBKeyError.unsafeFile`): which
/// one, what it is to ibkey, and what is wrong. The CLI adds the fix.
public struct UnsafeFile: Equatable, Sendable, CustomStringConvertible {
    /// Why the file or folder is refused.
    public enum Problem: Equatable, Sendable {
        /// Someone other than its owner can write it: they could swap the file.
        case writableByOthers
        /// A folder anyone can write, with the sticky bit (`/tmp`): others
        /// cannot replace our files there, but can take the names we want.
        case sharedFolder
        /// It belongs to another user.
        case ownedByAnotherUser
        /// A file with more than one hard link (its lock would belong to one name).
        case hardLinks(Int)
        /// A secret file (a PIN file) others can read.
        case readableByOthers
        /// A secret file (the issuer's key file) others can read or write.
        case openToOthers
        /// The last component of the path is a symbolic link.
        case symbolicLink
        /// A folder, where a file belongs.
        case folder
    }

    /// The path as given.
    public let path: String
    /// How messages name it: "vault file", "vault folder", "PIN file"…
    public let role: String
    /// What is wrong.
    public let problem: Problem

    /// A refusal of `path`.
    /// - Parameters:
    ///   - path: the file or folder.
    ///   - role: how messages name it.
    ///   - problem: what is wrong.
    public init(path: String, role: String, problem: Problem) {
        self.path = path
        self.role = role
        self.problem = problem
    }

    /// One line: "vault folder /x is writable by other users".
    public var description: String {
        switch problem {
        case .writableByOthers: "\(role) \(path) is writable by other users"
        case .sharedFolder: "\(role) \(path) is a folder every user can write"
        case .ownedByAnotherUser: "\(role) \(path) belongs to another user"
        case .hardLinks(let n): "\(role) \(path) has \(n) hard links"
        case .readableByOthers: "\(role) \(path) can be read by other users"
        case .openToOthers: "\(role) \(path) can be read or written by other users"
        case .symbolicLink: "\(role) \(path) is a symbolic link"
        case .folder: "\(role) \(path) is a folder"
        }
    }
}
