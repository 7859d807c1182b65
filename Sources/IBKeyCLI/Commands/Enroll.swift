import ArgumentParser
import IBKeyCore

struct Enroll: ParsableCommand, UsesSecrets {
    static let configuration = CommandConfiguration(
        // Explicit: otherwise the parser derives it with String(describing:) at every start.
        commandName: "enroll",
        abstract: "Add a user from an activation code; prints the registration code.",
        discussion: """
        The first enrollment creates the vault and sets its PIN and recovery PIN. \
        Every later enrollment needs the PIN and the recovery PIN. The registration \
        code printed on stdout goes back to the issuer ('ibkey issuer activate').

        Give the code as '-' to read it from standard input (after the PIN line when \
        --pin-stdin is used); with no code on a terminal, ibkey asks 'Activation code:'. \
        A code typed on the command line is visible to other users of the machine.

        For PIN suites the registration code carries a hash of the vault PIN, so \
        the issuer can recover it. To keep the vault PIN private, give the token a \
        PIN of its own: --token-pin asks for it at the prompt (twice), or \
        --token-pin-fd, --token-pin-file or IBKEY_TOKEN_PIN give it.
        """
    )

    static let secrets: [SecretKind] = [.pin, .recoveryPIN, .tokenPIN]

    @Option(name: [.customShort("u"), .long], help: "The name of the enrolled user (1-64 bytes).")
    var user: String

    @Argument(help: ArgumentHelp("The activation code, or '-' to read it from stdin.", valueName: "code"))
    var code: [String] = []

    @Option(name: .customLong("kdf"), help: "KDF cost when this enrollment creates the vault (default moderate; 'test' only for tests).")
    var kdfOption: KDFLevel?

    var kdf: KDFLevel { kdfOption ?? .moderate }
    var kdfGiven: Bool { kdfOption != nil }

    @OptionGroup var pins: BothPINsOptions
    @OptionGroup var tokenPIN: TokenPINOptions
    @OptionGroup var output: JSONOption

    func validate() throws {
        do { try UserEntry.validateName(user) } catch let e as IBKeyError { throw ValidationError(e.message) }
    }

    func run() throws {
        try tokenPIN.checkPrompt()
        let addition = try UserAddition(store: pins.vault.store, names: [user])
        // The code is checked before any PIN is asked for, except that with
        // --pin-stdin the PIN is the first line of stdin, before a '-' code.
        let early = pins.pin.pinStdin ? try addition.readPIN(pins.pin) : nil
        let activation = try readActivationCode()
        try addition.checkRoom(for: [.ocra(activation.suiteID.suite)])
        let suite = activation.suiteID.suite
        let hold = EchoHold() // from the first PIN typed until the vault is open
        defer { hold.end() }
        let pinValue = try early ?? addition.readPIN(pins.pin)
        let recoveryValue = try addition.readRecoveryPIN(pins.recovery, pin: pinValue)
        // The P input: the vault PIN, as IB Key does, unless the token has a PIN of its own.
        let ownTokenPIN = try readTokenPIN(for: suite, vaultPIN: pinValue)
        var made: Enrollment?
        try addition.commit(pins, pin: pinValue, recoveryPIN: recoveryValue, kdf: kdf, kdfGiven: kdfGiven) { vault, opened in
            guard let vaultPIN = opened.pin else { throw IBKeyError.internalError("no PIN to enroll with") }
            // Checked again with the PIN that opened the vault (the first one typed may have been wrong).
            if let ownTokenPIN { try PINPolicy.checkTokenPIN(ownTokenPIN, vaultPIN: vaultPIN) }
            let enrollment = Enrollment(name: user, code: activation, pin: ownTokenPIN ?? vaultPIN, now: Environment.now)
            try vault.addUser(enrollment.entry, secret: enrollment.secret)
            made = enrollment
        }
        hold.end()
        guard let made else { throw IBKeyError.internalError("the enrollment was not made") }
        if let hash = suite.pinHash {
            Console.note(ownTokenPIN == nil
                ? "note: the registration code carries \(hash.rawValue) of your vault PIN, so the issuer can recover that PIN; "
                    + "to keep it private, enroll with a token PIN of its own (--token-pin, --token-pin-fd, --token-pin-file or IBKEY_TOKEN_PIN)"
                : "note: the registration code carries \(hash.rawValue) of the token PIN, not of your vault PIN")
        }
        Console.note("enrolled '\(user)' (\(made.entry.suite)); give the registration code to the issuer")
        if output.json {
            Console.out(JSON.object([
                ("user", .string(user)), ("suite", .string(made.entry.suite.text)),
                ("registration_code", .string(made.registrationCode)),
            ]).rendered + "\n")
        } else {
            Console.out(made.registrationCode + "\n")
        }
    }

    /// A token PIN of its own, from --token-pin (asked twice at the prompt)
    /// or its other sources; nil for the vault PIN. A suite without a P
    /// input has no use for one: said, and not asked.
    private func readTokenPIN(for suite: OCRASuite, vaultPIN: SecureBytes) throws -> SecureBytes? {
        guard suite.pinHash != nil else {
            if try tokenPIN.ask || tokenPIN.source.nonInteractive() != nil {
                Console.warning("the token PIN is not used: suite \(suite) has no P input")
            }
            return nil
        }
        guard tokenPIN.ask else {
            let given = try tokenPIN.source.nonInteractive()
            if let given { try PINPolicy.checkTokenPIN(given, vaultPIN: vaultPIN) }
            return given
        }
        return try tokenPIN.source.readNew(prompt: "Token PIN (the PIN the issuer learns): ", label: "token PIN") {
            try PINPolicy.checkTokenPIN($0, vaultPIN: vaultPIN)
        }
    }

    private func readActivationCode() throws -> ActivationCode {
        if code.isEmpty {
            guard let tty = Terminal.open() else {
                throw UsageError("no activation code given",
                                       hint: "pass it as an argument, or '-' to read it from standard input")
            }
            return try tty.readLine(prompt: "Activation code: ", echo: true, retrying: { if case .badActivationCode = $0 { true } else { false } }) {
                try ActivationCode.parse($0)
            }
        }
        if code == ["-"] {
            guard let line = try LineReader.standardInput.readSecretLine() else {
                throw UsageError("no activation code on standard input")
            }
            return try ActivationCode.parse(line)
        }
        Console.warning("an activation code on the command line is visible to other users (ps); prefer '-' or the prompt")
        return try ActivationCode.parse(code.joined(separator: " "))
    }
}
