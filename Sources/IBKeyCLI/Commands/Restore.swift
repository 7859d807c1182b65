import ArgumentParser
import IBKeyCore

struct Restore: ParsableCommand, UsesSecrets {
    static let configuration = CommandConfiguration(
        // Explicit: otherwise the parser derives it with String(describing:) at every start.
        commandName: "restore",
        abstract: "Re-create the vault from a backup: recovery PIN + a new PIN.",
        discussion: """
        Refuses to replace an existing vault unless --force. Counters come back as \
        the backup holds them: if responses were made after the backup was taken, \
        the issuer refuses the next ones until a counter passes its own. Skip them \
        offline first, one line per response made since (N of them; a challenge \
        of the user's suite, 000000 for IB Key's; for an HOTP account, N codes):
          yes 000000 | head -n N | ibkey respond --user NAME - > /dev/null
          for i in $(seq N); do ibkey code NAME > /dev/null; done
        """
    )

    static let secrets: [SecretKind] = [.recoveryPIN, .newPIN]

    @Argument(help: ArgumentHelp("The backup file.", valueName: "file"), completion: Completions.file)
    var file: String

    @Flag(name: .long, help: "Replace an existing vault.")
    var force = false

    @Option(name: .long, help: "KDF cost of the restored vault ('test' only for tests).")
    var kdf: KDFLevel = .moderate

    @OptionGroup var vault: VaultOptions
    @OptionGroup var pins: RecoveryToNewPINOptions

    func run() throws {
        let store = try vault.store
        try store.checkPermissions() // a folder given as --vault is said as such, not as a vault that exists
        if store.exists && !force { throw IBKeyError.vaultExists(path: store.path) }
        guard let backup = try FileReader.read(file, maxSize: SealedVault.maxFileSize) else {
            throw IBKeyError.fileNotFound(path: file)
        }
        if let warning = FileSafety.readableByOthersWarning(file, mode: backup.mode, what: "backup") { Console.warning(warning) }
        let sealed = try SealedVault.parse(backup.bytes, as: .backup)
        if sealed.recoverySlotIsUnproven { Console.warning(UnprovenFile.warning(.backup)) }
        let hold = EchoHold() // from the recovery PIN to the new PIN's repeat
        defer { hold.end() }
        // The backup's recovery PIN is checked before the new PIN is asked for.
        let (rec, opened) = try openBackup(sealed)
        let new = try pins.newPIN.source.readNew(prompt: "New PIN: ", label: "PIN") { try PINPolicy.check($0, kind: .pin, other: rec) }
        hold.end()
        var seconds = 0.0
        try store.exclusively {
            if store.exists && !force { throw IBKeyError.vaultExists(path: store.path) }
            let (restored, t) = try Stopwatch.timed {
                try Busy.during("writing the vault") { try opened.converted(to: .vault, level: kdf, pin: new, recoveryPIN: rec) }
            }
            seconds = t / 2
            try store.save(restored)
        }
        Console.note("restored \(sealed.users.count) user\(sealed.users.count == 1 ? "" : "s") to \(store.path)")
        try Self.adviseOnCounters(opened, backupWritten: backup.modified)
        GuessingAdvice.show([(new, "PIN")], level: kdf, secondsPerGuess: seconds)
    }

    /// The backup opened with its recovery PIN; typed wrong at the prompt,
    /// asked again, three tries in all, as a vault's PIN is (`VaultAccess`).
    /// A backup counts no attempts: it is a file, read and never written.
    private func openBackup(_ sealed: SealedVault) throws -> (SecureBytes, UnlockedVault) {
        let source = pins.recovery.source
        let tries = source.isPrompt ? 3 : 1
        for attempt in 1...tries {
            let rec = try source.read()
            if let opened = try Busy.during("opening the backup", { try sealed.tryUnlock(.recoveryPIN, pin: rec) }) {
                return (rec, opened)
            }
            if attempt < tries { Terminal.open()?.write("ibkey: wrong recovery PIN; try again\n") }
        }
        throw IBKeyError.wrongRecoveryPIN(attemptsLeft: -1)
    }

    /// Says which counters came back from the backup, and how to skip the
    /// responses made since (Docs/VAULT.md, "Backups").
    static func adviseOnCounters(_ opened: UnlockedVault, backupWritten: Int64) throws {
        var counters: [String] = [], skips: [String] = []
        for i in opened.users.indices {
            let name = opened.users[i].name
            switch opened.users[i].suite {
            case .ocra(let suite) where suite.usesCounter:
                // Any challenge the suite takes will do: the response is thrown away.
                let challenge = String(repeating: "0", count: Challenge.lengths(for: suite).lowerBound)
                skips.append("yes \(challenge) | head -n N | ibkey respond --user \(Shell.quoted(name)) - > /dev/null")
            case .otp(let suite) where suite.usesCounter:
                // An HOTP code is made one per unlock: N codes, thrown away.
                skips.append("for i in $(seq N); do ibkey code \(Shell.quoted(name)) > /dev/null; done")
            default:
                continue
            }
            counters.append("\(name) \(try opened.secret(at: i).counter)")
        }
        guard !counters.isEmpty else { return }
        // A warning, as export's is: the issuer refuses the next logins unless acted on.
        Console.warning("counters are back where the backup (written \(Timestamp.iso8601(backupWritten))) left them: "
            + "\(counters.joined(separator: ", ")); if N responses or HOTP codes were made since, skip as many before the next login:",
            details: skips)
    }
}
