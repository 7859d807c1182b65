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
        0600, and holds each user's counter as of now: restoring an older backup \
        replays counters the issuer has already seen, which its look-ahead window \
        skips past only if you answer a few challenges (see Docs/VAULT.md).
        """
    )

    static let secrets: [SecretKind] = [.pin, .recoveryPIN]


    @Option(name: .long, help: "Where to write the backup.")
    var output: String

    @Flag(name: .long, help: "Replace an existing file.")
    var force = false

    @Option(name: .long, help: "KDF cost of the backup (default sensitive; 'test' only for tests).")
    var kdf: KDFLevel = .sensitive

    @OptionGroup var vault: VaultOptions
    @OptionGroup var pin: PINOptions
    @OptionGroup var recovery: RecoveryPINOptions

    func run() throws {
        let store = vault.store
        let sealed = try store.load()
        try sealed.checkNotBlocked(.pin)
        try sealed.checkNotBlocked(.recoveryPIN)
        if SecureFile.exists(output) && !force {
            throw IBKeyError.usage("\(output) already exists", hint: "choose another --output or pass --force")
        }
        let pinValue = try pin.source.read()
        let rec = try recovery.source.read()
        try store.exclusively {
            let unlocked = try store.unlock(pin: pinValue, recoveryPIN: rec)
            let backup = try unlocked.converted(to: .backup, level: kdf, pin: nil, recoveryPIN: rec)
            try SecureFile.makeDirectories(SecureFile.directory(of: output))
            try SecureFile.writeAtomically(output, backup.serialized())
            SecureFile.removeStrayTemporaries(of: output)
        }
        if kdf == .test { Console.warning("KDF level 'test' is for tests only") }
        Console.note("backup of \(sealed.users.count) user\(sealed.users.count == 1 ? "" : "s") written to \(output)")
    }
}
