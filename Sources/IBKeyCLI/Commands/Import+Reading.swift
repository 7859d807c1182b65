import ArgumentParser
import IBKeyCore

/// Where `import` gets its keys: a file or standard input (recognised by
/// content: PSKC, IB Key data file, otpauth links, a QR code image), a
/// link typed at the prompt, or a raw secret (OCRA `--suite`, `--totp`, `--hotp`).
extension Import {
    /// What the input brings: the keys, checked, before any PIN is asked for;
    /// the file's path when it holds keys in the clear and others can read it;
    /// and what to warn about once the keys are in.
    typealias Reading = (keys: [ImportedKey], exposedFile: String?, warnings: [String])

    func readKeys() throws -> Reading {
        guard let file else {
            if rawOTP { return ([try rawOTPKey()], nil, []) }
            if suite != nil { return ([try rawKey()], nil, []) }
            return (try promptedLinks(), nil, [])
        }
        let (bytes, readableByOthers) = try readKeyFile(file)
        let read = try keys(from: bytes, qrCode: nil)
        return (read.keys, readableByOthers && read.inTheClear ? file : nil, read.warnings)
    }

    /// The keys of one input (a whole file, or one QR code's data).
    /// - Parameter qrCode: which QR code of an image this is (from 1); nil for a file.
    /// - Returns: the keys, whether they were in the clear, and the warnings.
    private func keys(from bytes: SecureBytes, qrCode: Int?) throws -> (keys: [ImportedKey], inTheClear: Bool, warnings: [String]) {
        let format: KeyFileFormat
        do { format = try KeyFileFormat.of(bytes) } catch IBKeyError.notAKeyFile where qrCode != nil {
            throw IBKeyError.badInput("QR code \(qrCode!) holds no key ibkey reads: no otpauth:// or otpauth-migration:// link, PSKC or IB Key data file")
        }
        switch format {
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
            return (keys, document.protection == .none, warnings)
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
            return ([data.key], true, [])
        case .otpauthLinks:
            if keyID != nil || pskFile != nil || counter != nil {
                throw UsageError("--key-id, --psk-file and --counter are for key files; otpauth links carry their own parameters")
            }
            return (try Self.linkKeys(bytes, qrCode: qrCode), true, [])
        case .qrImage:
            guard qrCode == nil else {
                throw IBKeyError.badInput("QR code \(qrCode!) holds an image, not a key")
            }
            let payloads: [SecureBytes]
            do { payloads = try QRImage.payloads(in: bytes) } catch let e as ImageError { throw IBKeyError.image(e) }
            var all: [ImportedKey] = [], warnings: [String] = [], inTheClear = true
            for (i, payload) in payloads.enumerated() {
                let read = try keys(from: payload, qrCode: i + 1)
                all += read.keys
                warnings += read.warnings
                inTheClear = inTheClear && read.inTheClear
            }
            // A screenshot of a QR code holds the key as surely as the link does.
            return (all, inTheClear, warnings)
        }
    }

    /// The accounts of a text of otpauth links, each named by where it stood.
    /// - Parameter qrCode: the QR code it came from (from 1), or nil.
    /// - Throws: `.otpAuth` saying what is wrong and where.
    static func linkKeys(_ bytes: SecureBytes, qrCode: Int?) throws -> [ImportedKey] {
        let entries: [OTPAuthText.Entry]
        do { entries = try OTPAuthText.accounts(in: bytes) } catch let e as OTPAuthError {
            throw IBKeyError.otpAuth(qrCode.map { .qrCode(index: $0, e) } ?? e)
        }
        return try entries.map { entry in
            let place = entry.severalLines || entry.index != nil ? entry.place : nil
            let origin = qrCode.map { "QR code \($0)" + (place.map { ", " + $0 } ?? "") } ?? entry.place
            return try ImportedKey(account: entry.account, origin: origin)
        }
    }

    /// No file, no raw secret: links pasted at the terminal, with echo off
    /// (a link holds its secret). A link that does not read is asked for again.
    private func promptedLinks() throws -> [ImportedKey] {
        guard let tty = Terminal.open() else {
            throw UsageError("no key file given, and no terminal to ask for a link on",
                             hint: "give a key file or image, or '-' to read links from standard input; a raw secret takes --totp, --hotp or --suite")
        }
        return try tty.readLine(prompt: "otpauth:// or otpauth-migration:// link: ", echo: false, bufferSize: Self.maxPromptedLink) { typed in
            do { return try Self.linkKeys(typed, qrCode: nil) } catch let e as IBKeyError { throw Terminal.Refused(e) }
        }
    }

    /// The longest link read at the prompt (a terminal's line holds 4 095 characters).
    static let maxPromptedLink = 4096

    /// `--suite`: one OCRA key, hex or base32.
    private func rawKey() throws -> ImportedKey {
        let parsed = try OCRASuite(suite ?? "")
        if counter != nil && !parsed.usesCounter {
            throw UsageError("suite \(parsed) has no counter (C); leave out --counter")
        }
        let text = try secret.source.read(prompt: "Secret (hex or base32): ")
        return try ImportedKey(defaultName: user ?? "", keyID: nil, suite: parsed, secret: RawSecret.decode(text),
                               counter: counter ?? 0, pInput: nil)
    }

    /// `--totp` or `--hotp`: one account from a base32 secret as websites
    /// print it. On a terminal it is asked twice: a typo would be stored, and
    /// every code would then be wrong.
    private func rawOTPKey() throws -> ImportedKey {
        let suite = try OTPSuiteChoice.suite(hotp: hotp, algorithm: algorithm, digits: digits, period: period) // checked in validate()
        let text = try secret.source.readNew(prompt: "Secret (base32): ", label: "secret") { text in
            let key = try RawSecret.decodeBase32(text)
            guard OTPSuite.keySizes.contains(key.count) else {
                throw IBKeyError.badInput("the secret is \(key.count) bytes; TOTP and HOTP secrets are \(OTPSuite.keySizes.lowerBound) to \(OTPSuite.keySizes.upperBound)")
            }
        }
        let account: OTPAccount
        do {
            account = try OTPAccount(suite: suite, secret: try RawSecret.decodeBase32(text), counter: hotp ? counter ?? 0 : nil,
                                     name: user ?? "", issuer: issuer)
        } catch let e as OTPAuthError {
            throw IBKeyError.otpAuth(e)
        }
        return try ImportedKey(account: account, origin: "the secret")
    }

    /// The input's bytes in guarded memory (it may hold keys in the clear):
    /// at most 16 MiB, of which only an image may use more than 1 MiB
    /// (`KeyFileFormat.of` checks). Whether others may read the file is said
    /// once the format shows whether its keys are in the clear.
    private func readKeyFile(_ path: String) throws -> (bytes: SecureBytes, readableByOthers: Bool) {
        if path == "-" { return (try FileReader.readAll(0, maxSize: KeyFileFormat.maxInputSize, source: "standard input"), false) }
        return try FileReader.readKeyFile(path, maxSize: KeyFileFormat.maxInputSize)
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
    func readTokenPIN(for keys: [ImportedKey]) throws -> SecureBytes? {
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
}
