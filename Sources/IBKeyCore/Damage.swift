/// A file ibkey keeps that failed a check: which file, and what is wrong
/// with it (`IBKeyError.damaged`). A damaged file is never reported as a
/// wrong PIN; the CLI says what to do about it by `file`.
public struct Damage: Equatable, Sendable, CustomStringConvertible {
    /// The kinds of file ibkey keeps and checks.
    public enum File: Equatable, Sendable {
        /// The vault (`IBKEYVLT`).
        case vault
        /// A backup (`IBKEYBAK`).
        case backup
        /// The issuer's store.
        case issuerStore
        /// The issuer store's key file, at `path`.
        case issuerKeyFile(path: String)

        /// How messages name it: "vault", "backup", "issuer store", "issuer key file PATH".
        public var noun: String {
            switch self {
            case .vault: "vault"
            case .backup: "backup"
            case .issuerStore: "issuer store"
            case .issuerKeyFile(let path): "issuer key file \(path)"
            }
        }
    }

    /// The file that failed.
    public let file: File
    /// What is wrong, one lowercase phrase ("the file is truncated").
    public let problem: String

    /// A damage report.
    /// - Parameters:
    ///   - file: the file that failed.
    ///   - problem: what is wrong with it.
    public init(_ file: File, _ problem: String) {
        self.file = file
        self.problem = problem
    }

    /// "vault damaged: the file is truncated".
    public var description: String { "\(file.noun) damaged: \(problem)" }
}
