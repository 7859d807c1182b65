/// The on-disk container shared by the vault (`IBKEYVLT`) and backups
/// (`IBKEYBAK`). Docs/VAULT.md specifies it byte by byte. Format 4 is written;
/// formats 1 (FormatV1.swift), 2 and 3 are still read and upgraded at the next write.
public enum ContainerKind: Sendable {
    case vault, backup

    var magic: [UInt8] { Array((self == .vault ? "IBKEYVLT" : "IBKEYBAK").utf8) }
    var noun: String { file.noun }
    /// How damage reports name it.
    var file: Damage.File { self == .vault ? .vault : .backup }
}
