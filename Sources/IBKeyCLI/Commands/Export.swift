#if canImport(Glibc)
import Glibc
#endif
import ArgumentParser
import IBKeyCore

struct Export: ParsableCommand, UsesSecrets {
    static let configuration = CommandConfiguration(
        // Explicit: otherwise the parser derives it with String(describing:) at every start.
        commandName: "export",
        abstract: "Write one user as a password-protected PSKC file other OATH tools read.",
        discussion: """
        Needs the PIN and the recovery PIN, as 'backup' does. The file is PSKC 1.0 \
        (RFC 6030): the key, the counter and the P input encrypted with AES-256-CBC \
        under a PBKDF2-HMAC-SHA256 key from the password, every value MACed, the \
        suite in AlgorithmParameters/Suite. The password (at least 8 characters) \
        comes from --password-fd, --password-file, IBKEY_EXPORT_PASSWORD, or is \
        asked twice on the terminal.

        The file is written 0600 and never over an existing one (exit 7); '-' (the \
        default) writes to standard output, never to a terminal. For counter \
        suites the file carries the next counter: answer from one copy only, or \
        counters repeat and the verifier refuses them.

        Moving a user to another vault:
          ibkey export alice --output alice.pskc
          ibkey import --vault other.ibkey alice.pskc && ibkey remove alice
        """
    )

    static let secrets: [SecretKind] = [.pin, .recoveryPIN, .exportPassword]

    @OptionGroup var who: VaultNameOptions

    var user: String { who.name }

    @Option(name: [.customShort("o"), .long], help: ArgumentHelp("Where to write the file, or '-' for standard output.", valueName: "file"), completion: Completions.file)
    var output = "-"

    @OptionGroup var pins: BothPINsOptions
    @OptionGroup var password: ExportPasswordOptions

    func run() throws {
        if output == "-" && isatty(1) == 1 { // as `backup` does: a file for a file, not a screen
            throw UsageError("refusing to write an export to a terminal",
                             hint: "give -o FILE (written 0600), or redirect it: (umask 077; ibkey export \(Shell.quoted(user)) -o - > FILE)")
        }
        let access = try VaultAccess(pins.vault)
        _ = try access.sealed.user(named: user)
        guard PSKCWriter.canHold(user) else {
            throw UsageError("the name '\(user.oneLine)' holds characters XML cannot carry (U+FFFE, U+FFFF)",
                                   hint: "export needs a user name without them")
        }
        if output != "-" && FilePath.exists(output) { throw IBKeyError.fileExists(path: output) }
        let hold = EchoHold() // from the PIN to the password's repeat, through the unlocking
        defer { hold.end() }
        let token = try access.withUnlocked(.both(pin: pins.pin.source, recovery: pins.recovery.source)) { unlocked, _ in
            let i = try unlocked.userIndex(named: user)
            let secret = try unlocked.secret(at: i)
            guard let suite = unlocked.users[i].suite.ocra else { throw IBKeyError.wrongKindOfUser(name: user, suite: unlocked.users[i].suite) }
            return PSKCWriter.Token(name: user, suite: suite, secret: secret.key, counter: secret.counter, pInput: secret.pinHash)
        }
        // Unlocked first: a wrong PIN is said before the new password is asked for.
        let passwordValue = try password.source.readNew(prompt: "Export password: ", label: "export password",
                                                        check: PINPolicy.checkExportPassword)
        hold.end()
        let document = PSKCWriter.document(for: token, password: passwordValue)
        if output == "-" {
            RedirectedOutput.warnIfReadableByOthers(what: "the exported file")
            try Console.writeAll(1, Array(document.utf8), what: "standard output")
        } else {
            try FilePath.makeDirectories(FilePath.directory(of: output))
            try AtomicFile.createNew(output, Array(document.utf8))
            Console.note("exported '\(user)' to \(output)")
        }
        if token.suite.usesCounter {
            Console.warning("the file carries '\(user)'s next counter (\(token.counter)); answer from one copy only: "
                + "two copies repeat counters, and the verifier refuses a counter it has seen")
        }
        if token.pInput != nil {
            Console.note("the P input travels in ibkey's own PSKC extension; other tools will ask for the PIN the verifier knows")
        }
    }
}
