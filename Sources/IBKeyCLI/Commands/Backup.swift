#if canImport(Glibc)
import Glibc
#endif
import ArgumentParser
import IBKeyCore

struct Backup: ParsableCommand, UsesSecrets {
    static let configuration = CommandConfiguration(
        // Explicit: otherwise the parser derives it with String(describing:) at every start.
        commandName: "backup",
        abstract: "Write a backup that opens with the recovery PIN alone.",
        discussion: """
        Needs the PIN (to read the vault) and the recovery PIN (which alone opens \
        the backup). The backup is encrypted with the 'sensitive' KDF cost, written \
        0600 (or with '--output -' to standard output, never to a terminal), and \
        holds each user's counter as of now. Restoring an older backup rewinds the \
        counters: the issuer refuses responses until a counter passes its own, so \
        skip as many responses as were made since, offline, before the next login \
        ('ibkey restore' says how; Docs/VAULT.md, "Backups"). Take a fresh backup \
        after each enrollment.
        """
    )

    static let secrets: [SecretKind] = [.pin, .recoveryPIN]

    @Option(name: [.customShort("o"), .long], help: ArgumentHelp("Where to write the backup, or '-' for standard output.", valueName: "file"), completion: Completions.file)
    var output: String

    @Flag(name: .long, help: "Replace an existing file.")
    var force = false

    @Option(name: .long, help: "KDF cost of the backup ('test' only for tests).")
    var kdf: KDFLevel = .sensitive

    @OptionGroup var pins: BothPINsOptions

    func run() throws {
        let access = try VaultAccess(pins.vault)
        let toStdout = output == "-"
        if toStdout && isatty(1) == 1 {
            throw UsageError("refusing to write a backup to a terminal", hint: "give -o FILE (written 0600), or redirect it: (umask 077; ibkey backup -o - > FILE)")
        }
        if !toStdout && FilePath.exists(output) && !force {
            throw HintedError(error: .fileExists(path: output), hint: "choose another --output, or pass --force to replace it")
        }
        try access.withUnlocked(.both(pin: pins.pin.source, recovery: pins.recovery.source)) { unlocked, read in
            let backup = try Busy.during("encrypting the backup") {
                try unlocked.converted(to: .backup, level: kdf, pin: nil, recoveryPIN: read.recovery!)
            }
            if toStdout {
                RedirectedOutput.warnIfReadableByOthers(what: "the backup")
                try Console.writeAll(1, backup.serialized(), what: "standard output")
            } else {
                try FilePath.makeDirectories(FilePath.directory(of: output))
                try AtomicFile.replaceUnderLock(output, backup.serialized())
            }
        }
        if kdf == .test { Console.warning("KDF level 'test' is for tests only") }
        Console.note("backup of \(access.sealed.users.count) user\(access.sealed.users.count == 1 ? "" : "s") written to \(toStdout ? "standard output" : output)")
    }
}
