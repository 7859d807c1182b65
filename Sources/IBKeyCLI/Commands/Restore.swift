import ArgumentParser
import IBKeyCore

struct Restore: ParsableCommand {
    static let configuration = CommandConfiguration(
        // Explicit: otherwise the parser derives it with String(describing:) at every start.
        commandName: "restore",
        abstract: "Re-create the vault from a backup: recovery PIN + a new PIN.",
        discussion: "Refuses to replace an existing vault unless --force."
    )

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
        guard let bytes = try SecureFile.read(file, maxSize: SealedVault.maxFileSize) else {
            throw IBKeyError.fileNotFound(path: file)
        }
        let sealed = try SealedVault.parse(bytes, as: .backup)
        let rec = try recovery.source.read()
        let new = try newPIN.source.read(prompt: "New PIN: ", confirm: true)
        try PINPolicy.check(new, kind: .pin, other: rec)
        guard let opened = try sealed.unlock(.recoveryPIN, pin: rec) else {
            throw IBKeyError.wrongRecoveryPIN(attemptsLeft: -1)
        }
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
