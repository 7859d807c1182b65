#if canImport(Glibc)
import Glibc
#endif
import ArgumentParser
import IBKeyCore

/// What `export` writes.
enum ExportFormat: String, ExpressibleByArgument, CaseIterable {
    /// A password-protected PSKC 1.0 file: any user.
    case pskc
    /// The account's `otpauth://` URI: TOTP and HOTP accounts.
    case otpauth
}

struct Export: ParsableCommand, UsesSecrets {
    static let configuration = CommandConfiguration(
        // Explicit: otherwise the parser derives it with String(describing:) at every start.
        commandName: "export",
        abstract: "Write one user as a password-protected PSKC file, or a TOTP/HOTP account as an otpauth URI.",
        discussion: """
        Needs the PIN and the recovery PIN, as 'backup' does.

        --format pskc (the default): a PSKC 1.0 file (RFC 6030) that other OATH \
        tools read: the key, the counter and the P input encrypted with AES-256-CBC \
        under a PBKDF2-HMAC-SHA256 key from the password, every value MACed. OCRA \
        users carry their suite in AlgorithmParameters/Suite; TOTP and HOTP \
        accounts RFC 6030's algorithm URIs, their hash (Suite HMAC-SHA256), code \
        length, period and issuer. The password (at least 8 characters) comes from \
        --password-fd, --password-file, IBKEY_EXPORT_PASSWORD, or is asked twice \
        on the terminal.

        --format otpauth: a TOTP or HOTP account's otpauth:// URI, one line, as \
        authenticator apps and 'ibkey import' read it (HOTP: from the next \
        counter). It holds the key in the clear: keep the file as you would the \
        key. --qr draws it as a QR code on the terminal instead, for a phone to \
        scan.

        A file is written 0600 and never over an existing one (exit 7); '-' (the \
        default) writes to standard output, never to a terminal. For counter \
        suites and HOTP the export carries the next counter: answer from one copy \
        only, or counters repeat and the verifier refuses them.

        Moving a user to another vault:
          ibkey export alice --output alice.pskc
          ibkey import --vault other.ibkey alice.pskc && ibkey remove alice
        A TOTP account to a phone, or to a file:
          ibkey export github --format otpauth --qr
          ibkey export github --format otpauth -o github.uri
        """
    )

    static let secrets: [SecretKind] = [.pin, .recoveryPIN, .exportPassword]

    @OptionGroup var who: VaultNameOptions

    var user: String { who.name }

    @Option(name: .long, help: ArgumentHelp("What to write: a PSKC file, or an otpauth URI (TOTP and HOTP accounts).", valueName: "format"))
    var format: ExportFormat = .pskc

    @Option(name: [.customShort("o"), .long], help: ArgumentHelp("Where to write the file, or '-' for standard output (the default).", valueName: "file"), completion: Completions.file)
    var output: String?

    @Flag(name: .long, help: "With --format otpauth: draw the URI as a QR code on the terminal instead of writing it.")
    var qr = false

    @OptionGroup var pins: BothPINsOptions
    @OptionGroup var password: ExportPasswordOptions

    func validate() throws {
        if qr && format != .otpauth { throw ValidationError("--qr draws an otpauth URI; add --format otpauth") }
        if qr && output != nil { throw ValidationError("--qr draws on the terminal; leave out --output") }
        if format == .otpauth && (password.fd != nil || password.file != nil) {
            throw ValidationError("an otpauth URI has no password; --password-fd and --password-file are for --format pskc")
        }
    }

    func run() throws {
        switch format {
        case .pskc: try exportPSKC()
        case .otpauth: try exportOTPAuth()
        }
    }

    private func exportPSKC() throws {
        let output = self.output ?? "-"
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
            let entry = unlocked.users[i]
            switch entry.suite {
            case .ocra(let suite):
                return PSKCWriter.Token(name: user, suite: suite, secret: secret.key, counter: secret.counter, pInput: secret.pinHash)
            case .otp(let suite):
                return PSKCWriter.Token(name: user, suite: suite, secret: secret.key, counter: secret.counter, issuer: entry.issuer)
            }
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
        if token.suite.usesCounter { warnCounter(token.counter, in: "the file") }
        if token.pInput != nil {
            Console.note("the P input travels in ibkey's own PSKC extension; other tools will ask for the PIN the verifier knows")
        }
    }

    /// `--format otpauth`: everything that can be refused is refused before
    /// a PIN is asked for; the URI stays in guarded memory to the file or terminal.
    private func exportOTPAuth() throws {
        let output = self.output ?? "-"
        if qr {
            guard isatty(1) == 1 else {
                throw UsageError("--qr draws a QR code on a terminal, and standard output is not one",
                                 hint: "write the URI to a file instead: ibkey export \(Shell.quoted(user)) --format otpauth -o FILE")
            }
        } else if output == "-" && isatty(1) == 1 {
            throw UsageError("refusing to write an otpauth URI (it holds the key) to a terminal",
                             hint: "give -o FILE (written 0600), or --qr to show it as a QR code for a phone to scan")
        }
        let access = try VaultAccess(pins.vault)
        let entry = try access.sealed.user(named: user)
        guard case .otp = entry.suite else {
            throw UsageError("'\(user)' is an OCRA user: an otpauth URI carries TOTP and HOTP accounts only",
                             hint: "export it as a PSKC file: ibkey export \(Shell.quoted(user)) --format pskc -o FILE")
        }
        if !qr && output != "-" && FilePath.exists(output) { throw IBKeyError.fileExists(path: output) }
        let account = try access.withUnlocked(.both(pin: pins.pin.source, recovery: pins.recovery.source)) { unlocked, _ in
            let i = try unlocked.userIndex(named: user)
            let secret = try unlocked.secret(at: i)
            let entry = unlocked.users[i]
            guard let suite = entry.suite.otp else { throw IBKeyError.wrongKindOfUser(name: user, suite: entry.suite) }
            do {
                return try OTPAccount(suite: suite, secret: secret.key.materialize(), counter: suite.usesCounter ? secret.counter : nil,
                                      name: user, issuer: entry.issuer)
            } catch let e as OTPAuthError {
                throw IBKeyError.badInput("'\(user)' cannot be written as an otpauth URI: \(e.description)")
            }
        }
        let uri = OTPAuthURI.uri(for: account)
        let kind = account.suite.usesCounter ? "HOTP" : "TOTP"
        if qr {
            try QRCode.show(uri, on: 1, saying: "the \(kind) account '\(user)' as an otpauth QR code, for an authenticator app to scan "
                + "(it holds the key: clear the screen once the app has it)")
        } else if output == "-" {
            RedirectedOutput.warnIfReadableByOthers(what: "the otpauth URI")
            try Console.writeAll(1, secret: Console.line(uri), what: "standard output")
        } else {
            try FilePath.makeDirectories(FilePath.directory(of: output))
            try AtomicFile.createNew(output, secret: Console.line(uri))
            Console.note("exported '\(user)' to \(output) as an otpauth URI (it holds the key in the clear)")
        }
        if let counter = account.counter { warnCounter(counter, in: qr ? "the QR code" : "the URI") }
    }

    private func warnCounter(_ counter: UInt64, in what: String) {
        Console.warning("\(what) carries '\(user)'s next counter (\(counter)); answer from one copy only: "
            + "two copies repeat counters, and the verifier refuses a counter it has seen")
    }
}
