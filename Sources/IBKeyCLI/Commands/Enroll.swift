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
        --pin-stdin is used); with no code on a terminal, ibkey asks 'ACTIVATION CODE>'. \
        A code typed on the command line is visible to other users of the machine.
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
        let addition = try UserAddition(store: pins.vault.store, names: [user])
        // The code is checked before any PIN is asked for, except that with
        // --pin-stdin the PIN is the first line of stdin, before a '-' code.
        let early = pins.pin.pinStdin ? try addition.readPIN(pins.pin) : nil
        let activation = try readActivationCode()
        try addition.checkRoom(for: [activation.suiteID.suite])
        let pinValue = try early ?? addition.readPIN(pins.pin)
        let recoveryValue = try addition.readRecoveryPIN(pins.recovery, pin: pinValue)
        // The P input: the vault PIN, as IB Key does, unless the token has a PIN of its own.
        let ownTokenPIN = try tokenPIN.source.nonInteractive()
        if let ownTokenPIN { try PINPolicy.checkTokenPIN(ownTokenPIN, vaultPIN: pinValue) }
        let made = Enrollment(name: user, code: activation, pin: ownTokenPIN ?? pinValue, now: Environment.now)
        try addition.commit(pin: pinValue, recoveryPIN: recoveryValue, kdf: kdf, kdfGiven: kdfGiven) {
            try $0.addUser(made.entry, secret: made.secret)
        }
        if let hash = activation.suiteID.suite.pinHash {
            Console.note(ownTokenPIN == nil
                ? "note: the registration code carries \(hash.rawValue) of your vault PIN, so the issuer can recover that PIN; "
                    + "to keep it private, enroll with a token PIN of its own (--token-pin-fd, --token-pin-file or IBKEY_TOKEN_PIN)"
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

    private func readActivationCode() throws -> ActivationCode {
        if code.isEmpty {
            guard let tty = Terminal.open() else {
                throw UsageError("no activation code given",
                                       hint: "pass it as an argument, or '-' to read it from standard input")
            }
            return try tty.readLine(prompt: "ACTIVATION CODE>", echo: true, retrying: { if case .badActivationCode = $0 { true } else { false } }) {
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
