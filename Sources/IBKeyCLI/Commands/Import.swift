import ArgumentParser
import IBKeyCore

struct Import: ParsableCommand, UsesSecrets {
    static let configuration = CommandConfiguration(
        // Explicit: otherwise the parser derives it with String(describing:) at every start.
        commandName: "import",
        abstract: "Add users and TOTP/HOTP accounts from a key file, otpauth links, a QR code image, or a raw secret.",
        discussion: """
        The format of FILE is recognised from its content: PSKC 1.0 (RFC 6030; \
        OCRA, HOTP and TOTP keys; plain, or encrypted with a password or a \
        pre-shared key), the JSON data file of IB Key automation ({"ocra", "pin", \
        "counter"}), otpauth:// and otpauth-migration:// links (Google \
        Authenticator's export; one link a line, every account of each), or a \
        PNG or JPEG screenshot of QR codes holding any of these. Every key of \
        the input goes in, or none. A link holds its secret: it is never taken \
        from the command line.

        With no FILE: --totp or --hotp (--algorithm, --digits, --period, \
        --counter, --issuer) imports one base32 secret as websites show it, \
        --suite one OCRA key (hex or base32), from --secret-fd, --secret-file, \
        IBKEY_SECRET or a prompt (asked twice on a terminal for --totp and \
        --hotp). With none of them, a link is asked for on the terminal (echo off).

        A PSKC file's password comes from --password-fd, --password-file, \
        IBKEY_IMPORT_PASSWORD or a prompt; a pre-shared key from --psk-file (hex). \
        Suites with a P input take it from the file, else from --token-pin-fd, \
        --token-pin-file, IBKEY_TOKEN_PIN or the prompt (asked twice; --token-pin \
        asks there, and refuses to run without a terminal): the PIN the verifier knows.

        The first import creates the vault (new PIN and recovery PIN); later ones \
        need both. No registration code is printed: the verifier already holds the key.

        Examples:
          ibkey import tokens.pskc                  # names: UserId, SerialNo or Id
          ibkey import --key-id ZZ9000000001 --user bob --psk-file psk.hex vendor.pskc
          ibkey import --user ib ib-key-auth.json   # an IB Key data file
          ibkey import --user cy --suite OCRA-1:HOTP-SHA1-6:QN08 --secret-file key
          ibkey import ~/Pictures/qr.png            # a screenshot of a QR code
          ibkey import - < accounts.txt             # otpauth links, one a line
          ibkey import --totp --user gh --issuer GitHub --secret-file totp.key
        """
    )

    static let secrets: [SecretKind] = [.pin, .recoveryPIN, .tokenPIN, .secret, .importPassword]

    @Argument(help: ArgumentHelp("The key file or image, or '-' for standard input; leave out for a raw secret or a link typed at the prompt.",
                                 valueName: "file"), completion: Completions.file)
    var file: String?

    @Option(name: [.customShort("u"), .long], help: "The name of the one key or account (or the key chosen with --key-id); default: the file's UserId, SerialNo or key Id, or the link's account name.")
    var user: String?

    @Option(name: .customLong("key-id"), help: ArgumentHelp("Import only the PSKC key with this Id.", valueName: "id"))
    var keyID: String?

    @Option(name: .long, help: "The OCRA suite of a raw secret, e.g. OCRA-1:HOTP-SHA1-8:C-QN06-PSHA1.")
    var suite: String?

    @Flag(name: .customLong("totp"), help: "Import a raw base32 secret as a TOTP account (with --user; no FILE).")
    var totp = false

    @Flag(name: .customLong("hotp"), help: "Import a raw base32 secret as an HOTP account (with --user; no FILE).")
    var hotp = false

    @Option(name: .customLong("algorithm"), help: ArgumentHelp("The HMAC hash of a --totp or --hotp account: SHA1 (default), SHA256 or SHA512.", valueName: "hash"),
            completion: .list(["SHA1", "SHA256", "SHA512"]))
    var algorithm: String?

    @Option(name: .customLong("digits"), help: ArgumentHelp("The code length of a --totp or --hotp account: 6 (default), 7 or 8.", valueName: "n"))
    var digits: Int?

    @Option(name: .customLong("period"), help: ArgumentHelp("The period of a --totp account in seconds, 1 to 300 (default 30).", valueName: "seconds"))
    var period: Int?

    @Option(name: .customLong("issuer"), help: ArgumentHelp("The service of the one TOTP or HOTP account (GitHub), kept and shown; default: the link's issuer.", valueName: "text"))
    var issuer: String?

    @Option(name: .long, help: "The next counter to use (--hotp, an OCRA suite with C, or an IB Key data file; default: 0, or the file's).")
    var counter: UInt64?

    @Option(name: .customLong("psk-file"), help: ArgumentHelp("Read the pre-shared key of an encrypted PSKC file (hex) from a file only you can read.", valueName: "path"), completion: Completions.file)
    var pskFile: String?

    @Option(name: .customLong("kdf"), help: "KDF cost when this import creates the vault (default moderate; 'test' only for tests).")
    var kdfOption: KDFLevel?

    @OptionGroup var pins: BothPINsOptions
    @OptionGroup var tokenPIN: TokenPINOptions
    @OptionGroup var password: ImportPasswordOptions
    @OptionGroup var secret: RawSecretOptions
    @OptionGroup var output: JSONOption

    /// `--totp` or `--hotp`: a raw TOTP or HOTP secret.
    var rawOTP: Bool { totp || hotp }

    func validate() throws {
        // A link on the command line holds its secret; the parser's error path
        // (SecretArgument) says so without quoting it.
        if let file, OTPAuthText.startsWithScheme(file.utf8.drop(while: { $0 == 0x20 || $0 == 0x09 })) {
            throw ValidationError("an otpauth link on the command line")
        }
        if let user {
            do { try UserEntry.validateName(user) } catch let e as IBKeyError { throw ValidationError(e.message) }
        }
        if let issuer {
            do { try UserEntry.validateName(issuer, what: "issuer") } catch let e as IBKeyError { throw ValidationError(e.message) }
        }
        if rawOTP {
            try validateRawOTP()
        } else {
            if algorithm != nil || digits != nil || period != nil {
                throw ValidationError("--algorithm, --digits and --period are for --totp or --hotp; a key file or link names its own")
            }
            if file == nil && suite == nil {
                // A link typed at the prompt.
                if keyID != nil || pskFile != nil || password.fd != nil || password.file != nil || counter != nil {
                    throw ValidationError("--key-id, --psk-file, --password-* and --counter are for key files; a link names its own parameters")
                }
                if secret.fd != nil || secret.file != nil {
                    throw ValidationError("--secret-fd and --secret-file are for a raw secret: add --totp, --hotp or --suite")
                }
            } else if file == nil {
                guard user != nil else { throw ValidationError("a raw secret needs --user NAME") }
                if keyID != nil || pskFile != nil || password.fd != nil || password.file != nil {
                    throw ValidationError("--key-id, --psk-file and --password-* apply to PSKC files; a raw secret takes none of them")
                }
                if issuer != nil { throw ValidationError("--issuer is for a TOTP or HOTP account; an OCRA user has none") }
            } else {
                if suite != nil { throw ValidationError("--suite is for a raw secret; a key file names its own suite") }
                if secret.fd != nil || secret.file != nil { throw ValidationError("--secret-fd and --secret-file are for a raw secret, not a key file") }
            }
        }
        if file == "-" && pins.pin.pinStdin {
            throw ValidationError("the key file and --pin-stdin cannot both come from standard input; use --pin-fd or IBKEY_PIN")
        }
    }

    /// The checks of `--totp` and `--hotp`, whose options are checked here,
    /// before anything is read.
    private func validateRawOTP() throws {
        if totp && hotp { throw ValidationError("--totp and --hotp exclude each other: an account is one or the other") }
        let flag = totp ? "--totp" : "--hotp"
        if suite != nil { throw ValidationError("--suite is for an OCRA key; \(flag) takes --algorithm, --digits\(totp ? " and --period" : " and --counter")") }
        if file != nil {
            throw ValidationError("\(flag) imports a raw secret from --secret-fd, --secret-file, IBKEY_SECRET or the prompt; leave out FILE")
        }
        guard user != nil else { throw ValidationError("\(flag) needs --user NAME: a raw secret names no account") }
        if keyID != nil || pskFile != nil || password.fd != nil || password.file != nil {
            throw ValidationError("--key-id, --psk-file and --password-* apply to PSKC files; a raw secret takes none of them")
        }
        _ = try OTPSuiteChoice.suite(hotp: hotp, algorithm: algorithm, digits: digits, period: hotp ? nil : period)
        if period != nil && hotp { throw ValidationError("--period is for --totp; an HOTP account moves on with its counter, not the clock") }
        if counter != nil && totp { throw ValidationError("--counter is for --hotp; a TOTP account's counter is the clock") }
    }

    func run() throws {
        try tokenPIN.checkPrompt()
        let hold = EchoHold() // from the first secret typed until the vault is open
        defer { hold.end() }
        let (keys, exposedFile, warnings) = try readKeys()
        let names = try Self.names(for: keys, user: user)
        let issuers = try Self.issuers(for: keys, issuer: issuer)
        let addition = try UserAddition(store: pins.vault.store, names: names)
        try addition.checkRoom(for: keys.map(\.suite))
        let tokenPINValue = try readTokenPIN(for: keys)
        let pinValue = try addition.readPIN(pins.pin)
        let recoveryValue = try addition.readRecoveryPIN(pins.recovery, pin: pinValue)
        let now = Environment.now
        let records = try keys.indices.map { try keys[$0].record(name: names[$0], issuer: issuers[$0], tokenPIN: tokenPINValue, now: now) }
        try addition.commit(pins, pin: pinValue, recoveryPIN: recoveryValue, kdf: kdfOption ?? .moderate, kdfGiven: kdfOption != nil) { vault, _ in
            for (entry, secret) in records { try vault.addUser(entry, secret: secret) }
        }
        hold.end()
        for warning in warnings { Console.warning(warning) }
        if let exposedFile {
            // Said only once the keys are in the vault: a refused file gets its one error line.
            Console.warning("\(exposedFile) holds keys in the clear and other users can read it; now that they are imported, delete it")
        }
        for (i, key) in keys.enumerated() {
            let details = [key.suite.text] + (issuers[i].map { ["issuer \($0)"] } ?? [])
                + (key.suite.usesCounter ? ["next counter \(key.counter)"] : [])
            Console.note("imported '\(names[i])' (\(details.joined(separator: ", ")))")
        }
        if output.json {
            let users = keys.indices.map { i in
                JSON.object([("name", .string(names[i])), ("suite", .string(keys[i].suite.text)),
                             ("counter", keys[i].suite.usesCounter ? .uint(keys[i].counter) : .null),
                             ("kind", .string(Users.kind(keys[i].suite))), ("issuer", issuers[i].map { .string($0) } ?? .null)])
            }
            Console.out(JSON.object([("users", .array(users))]).rendered + "\n")
        }
    }

    // MARK: names

    /// The name of each key: `--user` for a single key, else the key's own.
    /// - Throws: `.usage` for `--user` with several keys, a name a vault cannot
    ///   hold, or two keys of one name.
    static func names(for keys: [ImportedKey], user: String?) throws -> [String] {
        let pskc = keys.contains { $0.keyID != nil }
        if let user {
            guard keys.count == 1 else {
                throw UsageError("the input holds \(keys.count) \(pskc ? "keys" : "accounts"); --user names one",
                                 hint: pskc ? "choose it with --key-id, or leave out --user to use the names in the file"
                                            : "leave out --user to use the account names of the links")
            }
            return [user]
        }
        var seen: [String: String] = [:]
        return try keys.map { key in
            let name = key.defaultName
            do { try UserEntry.validateName(name) } catch let e as IBKeyError {
                throw UsageError("\(key.origin) cannot keep its name '\(name.oneLine)': \(e.message)",
                                 hint: key.keyID.map { "import it with --key-id \(Shell.quoted($0)) --user NAME" }
                                     ?? "import that account alone (one link in a file of its own) with --user NAME")
            }
            if let first = seen[name] {
                throw UsageError("two \(pskc ? "keys" : "accounts") of the input are both named '\(name)' (\(first) and \(key.origin))",
                                 hint: pskc ? "import them one at a time with --key-id ID --user NAME"
                                            : "import each alone (one link in a file of its own) with --user NAME")
            }
            seen[name] = key.origin
            return name
        }
    }

    /// The issuer of each key, checked as a name is: `--issuer` for the one
    /// TOTP or HOTP account, else the source's own (nil for OCRA users).
    /// - Throws: `.usage` for `--issuer` with several keys or an OCRA key,
    ///   or an issuer the vault cannot hold.
    static func issuers(for keys: [ImportedKey], issuer: String?) throws -> [String?] {
        if let issuer {
            guard keys.count == 1, keys[0].suite.otp != nil else {
                throw UsageError(keys.count == 1 ? "--issuer is for a TOTP or HOTP account; an OCRA user has none"
                                                 : "the input holds \(keys.count) keys; --issuer names the service of one account")
            }
            return [issuer]
        }
        return try keys.map { key in
            guard let issuer = key.issuer else { return nil }
            do { try UserEntry.validateName(issuer, what: "issuer") } catch let e as IBKeyError {
                throw UsageError("\(key.origin) cannot keep its issuer '\(issuer.oneLine)': \(e.message)",
                                 hint: "import it alone with --user NAME --issuer TEXT")
            }
            return issuer
        }
    }
}
