import ArgumentParser
import IBKeyCore

struct Restore: ParsableCommand, UsesSecrets {
    static let configuration = CommandConfiguration(
        // Explicit: otherwise the parser derives it with String(describing:) at every start.
        commandName: "restore",
        abstract: "Re-create the vault from a backup: recovery PIN + a new PIN.",
        discussion: "Refuses to replace an existing vault unless --force."
    )

    static let secrets: [SecretKind] = [.recoveryPIN, .newPIN]


    @Argument(help: ArgumentHelp("The backup file.", valueName: "file"))
    var file: String

    @Flag(name: .long, help: "Replace an existing vault.")
    var force = false

    @Option(name: .long, help: "KDF cost of the restored vault: test, interactive, moderate, sensitive.")
    var kdf: KDFLevel = .moderate

    @OptionGroup var vault: VaultOptions
    @OptionGroup var recovery: RecoveryPINOptions
    @OptionGroup var newPIN: NewPINOptions

    func run() throws {
        let store = vault.store
        if store.exists && !force { throw IBKeyError.vaultExists(path: store.path) }
        guard let backup = try SecureFile.readWithInfo(file, maxSize: SealedVault.maxFileSize) else {
            throw IBKeyError.fileNotFound(path: file)
        }
        if let warning = SecureFile.readableByOthersWarning(file, mode: backup.mode, what: "backup") { Console.warning(warning) }
        let sealed = try SealedVault.parse(backup.bytes, as: .backup)
        let rec = try recovery.source.read()
        // The backup's recovery PIN is checked before the new PIN is asked for.
        guard let opened = try sealed.unlock(.recoveryPIN, pin: rec) else {
            throw IBKeyError.wrongRecoveryPIN(attemptsLeft: -1)
        }
        let new = try newPIN.source.readNew(prompt: "New PIN: ", label: "PIN") { try PINPolicy.check($0, kind: .pin, other: rec) }
        var seconds = 0.0
        try store.exclusively {
            if store.exists && !force { throw IBKeyError.vaultExists(path: store.path) }
            let (restored, t) = try VaultAccess.timed {
                try opened.converted(to: .vault, level: kdf, pin: new, recoveryPIN: rec)
            }
            seconds = t / 2
            try store.save(restored)
        }
        Console.note("restored \(sealed.users.count) user\(sealed.users.count == 1 ? "" : "s") to \(store.path)")
        GuessingAdvice.show([(new, "PIN")], level: kdf, secondsPerGuess: seconds)
    }
}
