import IBKeyCore

/// What `restore` and `pin reset` say about a file whose recovery slot was
/// made by ibkey 0.3 (kind 3): anyone holding an old copy of the vault or a
/// backup could have sealed a key of their own to it, so opening it with the
/// recovery PIN proves nothing about who made it (Docs/THREAT-MODEL.md,
/// "Forged backups").
enum UnprovenFile {
    static func warning(_ container: ContainerKind) -> String {
        container == .backup
            ? "this backup was made by ibkey 0.3 or earlier, whose recovery slot cannot prove who made the file: "
                + "restore only a backup you made yourself, and take a new backup now"
            : "this vault's recovery slot was made by ibkey 0.3 or earlier and cannot prove who made the file: "
                + "go on only with a vault you made yourself; after the reset, take a new backup"
    }
}
