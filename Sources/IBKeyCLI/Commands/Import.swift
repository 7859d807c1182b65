import ArgumentParser
import IBKeyCore

struct Import: ParsableCommand, UsesSecrets {
    static let configuration = CommandConfiguration(
        // Explicit: otherwise the parser derives it with String(describing:) at every start.
        commandName: "import",
        abstract: "Add users from a PSKC file, an IB Key data file, or a raw secret.",
        discussion: """
        The format of FILE is recognised from its content: PSKC 1.0 (RFC 6030; \
        plain, or encrypted with a password or a pre-shared key) or the JSON data \
        file of IB Key automation ({"ocra", "pin", "counter"}). Every OCRA key of \
        the file goes in, or none; keys of other algorithms (HOTP, TOTP) are \
        refused. With no FILE, --user and --suite import one raw secret (hex or \
        base32) from --secret-fd, --secret-file, IBKEY_SECRET or a prompt.

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
        """
    )

    static let secrets: [SecretKind] = [.pin, .recoveryPIN, .tokenPIN, .secret, .importPassword]

    @Argument(help: ArgumentHelp("The key file, or '-' for standard input; leave out to import a raw secret.", valueName: "file"), completion: Completions.file)
    var file: String?

    @Option(name: [.customShort("u"), .long], help: "The user's name (one key, or the key chosen with --key-id); default: the file's UserId, SerialNo or key Id.")
    var user: String?

    @Option(name: .customLong("key-id"), help: ArgumentHelp("Import only the PSKC key with this Id.", valueName: "id"))
    var keyID: String?

    @Option(name: .long, help: "The OCRA suite of a raw secret, e.g. OCRA-1:HOTP-SHA1-8:C-QN06-PSHA1.")
    var suite: String?

    @Option(name: .long, help: "The next counter to use (raw secret or IB Key data file; default: 0, or the file's).")
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

    func validate() throws {
        if let user {
            do { try UserEntry.validateName(user) } catch let e as IBKeyError { throw ValidationError(e.message) }
        }
        if file == nil {
            guard user != nil, suite != nil else {
                throw ValidationError("give a key file, or --user and --suite to import a raw secret")
            }
            if keyID != nil || pskFile != nil || password.fd != nil || password.file != nil {
                throw ValidationError("--key-id, --psk-file and --password-* apply to PSKC files; a raw secret takes none of them")
            }
        } else {
            if suite != nil { throw ValidationError("--suite is for a raw secret; a key file names its own suite") }
            if secret.fd != nil || secret.file != nil { throw ValidationError("--secret-fd and --secret-file are for a raw secret, not a key file") }
        }
        if file == "-" && pins.pin.pinStdin {
            throw ValidationError("the key file and --pin-stdin cannot both come from standard input; use --pin-fd or IBKEY_PIN")
        }
    }

    func run() throws {
        try tokenPIN.checkPrompt()
        let hold = EchoHold() // from the first secret typed until the vault is open
        defer { hold.end() }
        let (keys, exposedFile, warnings) = try readKeys()
        let names = try Self.names(for: keys, user: user)
        let addition = try UserAddition(store: pins.vault.store, names: names)
        try addition.checkRoom(for: keys.map { .ocra($0.suite) })
        let tokenPINValue = try readTokenPIN(for: keys)
        let pinValue = try addition.readPIN(pins.pin)
        let recoveryValue = try addition.readRecoveryPIN(pins.recovery, pin: pinValue)
        let now = Environment.now
        let records = try zip(keys, names).map { try $0.record(name: $1, tokenPIN: tokenPINValue, now: now) }
        try addition.commit(pins, pin: pinValue, recoveryPIN: recoveryValue, kdf: kdfOption ?? .moderate, kdfGiven: kdfOption != nil) { vault, _ in
            for (entry, secret) in records { try vault.addUser(entry, secret: secret) }
        }
        hold.end()
        for warning in warnings { Console.warning(warning) }
        if let exposedFile {
            // Said only once the keys are in the vault: a refused file gets its one error line.
            Console.warning("\(exposedFile) holds keys in the clear and other users can read it; now that they are imported, delete it")
        }
        for (key, name) in zip(keys, names) {
            Console.note("imported '\(name)' (\(key.suite)\(key.suite.usesCounter ? ", next counter \(key.counter)" : ""))")
        }
        if output.json {
            let users = zip(keys, names).map { key, name in
                JSON.object([("name", .string(name)), ("suite", .string(key.suite.text)),
                             ("counter", key.suite.usesCounter ? .uint(key.counter) : .null)])
            }
            Console.out(JSON.object([("users", .array(users))]).rendered + "\n")
        }
    }

    // MARK: reading the keys

    /// Every key the file (or the raw secret) brings, checked, before any PIN is asked for,
    /// the file's path when it holds keys in the clear and others can read it,
    /// and what to warn about once the keys are in.
    private func readKeys() throws -> (keys: [ImportedKey], exposedFile: String?, warnings: [String]) {
        guard let file else { return ([try rawKey()], nil, []) }
        let (bytes, readableByOthers) = try readKeyFile(file)
        switch try KeyFileFormat.of(bytes) {
        case .pskc:
            if counter != nil { throw UsageError("--counter is for a raw secret or an IB Key data file; a PSKC file carries its counters") }
            let document = try PSKCDocument.parse(bytes)
            let decrypted = try document.decrypted(with: try decryptionKey(for: document))
            let keys = try PSKCKey.importable(decrypted, keyID: keyID)
            // No MAC covers a counter in the clear: whoever could edit the file could have rewound it.
            let warnings = decrypted.filter { $0.counterInTheClear && (keyID == nil || $0.id == keyID) }.map {
                "the counter of key \($0.id.oneLine) was in the clear in an encrypted file (no MAC covers it): "
                    + "make sure it is not behind the verifier's before the first login"
            }
            return (keys, document.protection == .none && readableByOthers ? file : nil, warnings)
        case .ibKeyData:
            if keyID != nil || pskFile != nil { throw UsageError("--key-id and --psk-file are for PSKC files; this is an IB Key data file") }
            guard user != nil else {
                throw UsageError("an IB Key data file carries no user name", hint: "pass --user NAME")
            }
            let data = try IBKeyDataFile.parse(bytes, counter: counter)
            if let sent = data.counterAsSentByGatewayService, sent != data.key.counter {
                Console.warning("ib-gateway-service sends its counter \(data.key.counter) as hex, so the verifier saw up to \(sent - 1); "
                    + "if that service used this file, import with --counter \(sent) to stay ahead")
            }
            return ([data.key], readableByOthers ? file : nil, [])
        }
    }

    private func rawKey() throws -> ImportedKey {
        let parsed = try OCRASuite(suite ?? "")
        if counter != nil && !parsed.usesCounter {
            throw UsageError("suite \(parsed) has no counter (C); leave out --counter")
        }
        let text = try secret.source.read(prompt: "Secret (hex or base32): ")
        return try ImportedKey(defaultName: user ?? "", keyID: nil, suite: parsed, secret: RawSecret.decode(text),
                               counter: counter ?? 0, pInput: nil)
    }

    /// The file's bytes (at most 1 MiB) in guarded memory: a PSKC file may
    /// hold plain keys. Whether others may read the file is said once the
    /// format shows whether its keys are in the clear.
    private func readKeyFile(_ path: String) throws -> (bytes: SecureBytes, readableByOthers: Bool) {
        if path == "-" { return (try FileReader.readAll(0, maxSize: KeyFileFormat.maxSize, source: "standard input"), false) }
        return try FileReader.readKeyFile(path, maxSize: KeyFileFormat.maxSize)
    }

    /// The password or pre-shared key the file's protection asks for.
    private func decryptionKey(for document: PSKCDocument) throws -> PSKCDocument.DecryptionKey? {
        switch document.protection {
        case .none:
            if pskFile != nil { Console.warning("the file is not encrypted; --psk-file is not needed") }
            return nil
        case .password:
            if pskFile != nil { throw UsageError("this PSKC file is encrypted with a password, not a pre-shared key; leave out --psk-file") }
            return .password(try password.source.read(prompt: "Password of \(file ?? "the file"): "))
        case .preSharedKey(let name):
            guard let pskFile else {
                throw UsageError("this PSKC file is encrypted with a pre-shared key\(name.map { " ('\($0.oneLine)')" } ?? "")",
                                       hint: "pass --psk-file PATH, a file holding the key in hex")
            }
            guard let key = PSKCDocument.DecryptionKey.preShared(hex: try SecretSource.readFile(pskFile, kind: .preSharedKey)) else {
                throw UsageError("\(pskFile) must hold a 16-, 24- or 32-byte AES key in hex")
            }
            return key
        }
    }

    /// The token PIN, asked only when some key needs one and its file has none.
    private func readTokenPIN(for keys: [ImportedKey]) throws -> SecureBytes? {
        guard keys.contains(where: \.needsTokenPIN) else {
            if try tokenPIN.ask || tokenPIN.source.nonInteractive() != nil {
                Console.warning("the token PIN is not used: \(keys.contains { $0.suite.pinHash != nil } ? "the file carries the P input" : "no suite here has a P input")")
            }
            return nil
        }
        // Asked twice on a terminal: a typo would be stored, and every response would then fail.
        return try tokenPIN.source.readNew(prompt: "Token PIN (the PIN the verifier knows): ", label: "token PIN") {
            try PINPolicy.checkTokenPIN($0, vaultPIN: nil)
        }
    }

    // MARK: names

    /// The name of each key: `--user` for a single key, else the key's own.
    /// - Throws: `.usage` for `--user` with several keys, a name a vault cannot
    ///   hold, or two keys of one name.
    static func names(for keys: [ImportedKey], user: String?) throws -> [String] {
        if let user {
            guard keys.count == 1 else {
                throw UsageError("the file holds \(keys.count) OCRA keys; --user names one",
                                       hint: "choose it with --key-id, or leave out --user to use the names in the file")
            }
            return [user]
        }
        var seen = Set<String>()
        return try keys.map { key in
            let name = key.defaultName
            do { try UserEntry.validateName(name) } catch let e as IBKeyError {
                throw UsageError("key \((key.keyID ?? "").oneLine) cannot keep its name '\(name.oneLine)': \(e.message)",
                                       hint: "import it with --key-id \(key.keyID.map(Shell.quoted) ?? "ID") --user NAME")
            }
            guard seen.insert(name).inserted else {
                throw UsageError("two keys of the file are both named '\(name)'",
                                       hint: "import them one at a time with --key-id ID --user NAME")
            }
            return name
        }
    }
}
