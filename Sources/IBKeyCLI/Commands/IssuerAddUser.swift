#if canImport(Glibc)
import Glibc
#endif
import ArgumentParser
import IBKeyCore

extension Issuer {
    struct AddUser: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add-user",
            abstract: "Create a user with a fresh key: an OCRA token's activation code, or a TOTP/HOTP account's otpauth URI.",
            discussion: """
            OCRA tokens (the default): a pending user, activated by 'issuer activate' \
            with the registration code 'ibkey enroll' prints. Suite ids: \
            1 = OCRA-1:HOTP-SHA1-8:C-QN06-PSHA1 (default), 2 = OCRA-1:HOTP-SHA256-8:C-QN06-PSHA256, \
            3 = OCRA-1:HOTP-SHA512-8:C-QN06-PSHA512, 4 = OCRA-1:HOTP-SHA256-8:QN06.

            --totp or --hotp: an account for any authenticator app, active at once. \
            The key is random, 20, 32 or 64 bytes for SHA1, SHA256 or SHA512; \
            stdout gets its otpauth URI (label ISSUER:NAME, issuer 'ibkey' unless \
            --issuer), which holds the key: it is shown once. On a terminal the URI \
            is also drawn as a QR code on stderr, for a phone to scan (--quiet: only \
            with --qr).

            Examples:
              ibkey issuer add-user alice --qr
              ibkey issuer add-user bob --totp
              ibkey issuer add-user carol --totp --algorithm SHA256 --digits 8 --period 60
              ibkey issuer add-user erin --totp --issuer 'Example Bank'
              ibkey issuer add-user dave --hotp > dave.uri
            """
        )

        @OptionGroup var user: IssuerNameOptions

        var name: String { user.name }

        @Option(name: .long, help: "OCRA suite id, 1-4 (default: 1).")
        var suite: UInt8?

        @Flag(name: .long, help: "A TOTP account (RFC 6238): codes from the clock.")
        var totp = false

        @Flag(name: .long, help: "An HOTP account (RFC 4226): codes from a counter.")
        var hotp = false

        @Option(name: .long, help: ArgumentHelp("TOTP/HOTP hash: SHA1 (default), SHA256 or SHA512.", valueName: "hash"))
        var algorithm: String?

        @Option(name: .long, help: ArgumentHelp("TOTP/HOTP code length: 6 (default), 7 or 8.", valueName: "n"))
        var digits: Int?

        @Option(name: .long, help: ArgumentHelp("TOTP period in seconds, 1-300 (default: 30).", valueName: "seconds"))
        var period: Int?

        @Option(name: .long, help: ArgumentHelp("TOTP/HOTP: the issuer authenticator apps show (default: ibkey).", valueName: "text"))
        var issuer: String?

        @Flag(name: .long, help: "Also show the code as a QR code, on a terminal only (OCRA: stderr with --json; TOTP/HOTP: always stderr).")
        var qr = false

        @OptionGroup var options: IssuerStoreOptions
        @OptionGroup var output: JSONOption

        func validate() throws {
            if totp && hotp { throw ValidationError("--totp and --hotp exclude each other") }
            if totp || hotp {
                if suite != nil {
                    throw ValidationError("--suite names an OCRA suite; leave it out with --\(totp ? "totp" : "hotp")")
                }
                if hotp && period != nil { throw ValidationError("--period is for --totp accounts; HOTP codes follow a counter") }
                _ = try otpSuite()
                if let issuer {
                    do { try IssuerState.checkIssuer(issuer) } catch let e as IBKeyError { throw ValidationError(e.message) }
                }
            } else {
                guard SuiteID(rawValue: suite ?? 1) != nil else {
                    throw ValidationError("unknown suite id \(suite ?? 0); use 1, 2, 3 or 4")
                }
                if period != nil { throw ValidationError("--period is for TOTP accounts; add --totp") }
                let otpOnly = [algorithm.map { _ in "--algorithm" }, digits.map { _ in "--digits" },
                               issuer.map { _ in "--issuer" }].compactMap { $0 }
                if let first = otpOnly.first {
                    throw ValidationError("\(first) is for TOTP and HOTP accounts; add --totp or --hotp")
                }
            }
            do { try UserEntry.validateName(name) } catch let e as IBKeyError { throw ValidationError(e.message) }
        }

        /// The TOTP/HOTP suite the options give, checked.
        private func otpSuite() throws -> OTPSuite {
            try OTPSuiteChoice.suite(hotp: hotp, algorithm: algorithm, digits: digits, period: period)
        }

        func run() throws {
            if totp || hotp { return try addOTPUser() }
            let id = SuiteID(rawValue: suite ?? 1)!
            let code = try options.opened.update { state in
                try state.addUser(name, suite: id, now: Environment.now)
            }
            let text = code.text().withBytes { String(decoding: $0, as: UTF8.self) }
            Console.note("added pending user '\(name)' (\(id.suiteText)); the activation code is shown once")
            if output.json {
                Console.out(JSON.object([("user", .string(name)), ("suite_id", .int(Int(id.rawValue))),
                                         ("suite", .string(id.suiteText)), ("activation_code", .string(text))]).rendered + "\n")
            } else {
                Console.out(text + "\n")
            }
            if qr { try showQR(text) }
        }

        /// The QR code is for a person: drawn only on a terminal, on stdout, or
        /// with --json on stderr so that stdout stays one JSON document.
        private func showQR(_ text: String) throws {
            let fd: Int32 = output.json ? 2 : 1
            guard isatty(fd) == 1 else {
                Console.warning("no QR code: \(fd == 1 ? "standard output" : "standard error") is not a terminal")
                return
            }
            try Console.writeAll(fd, Array(try QRCode.terminalText(text).utf8), what: "the terminal")
        }

        /// `--totp`/`--hotp`: an active user; its otpauth URI on stdout, never
        /// through a Swift string (it holds the key), and its QR code on a terminal.
        private func addOTPUser() throws {
            let suite = try otpSuite()
            let issuerName = issuer ?? "ibkey"
            let account = try options.opened.update { state in
                try state.addOTPUser(name, suite: suite, issuer: issuerName, now: Environment.now)
            }
            let uri = OTPAuthURI.uri(for: account)
            let kind = suite.usesCounter ? "HOTP" : "TOTP"
            Console.note("added \(kind) user '\(name)' (\(suite.text)), active now; its otpauth URI holds the key and is shown once")
            if output.json {
                // The URI is percent-encoded ASCII: nothing in it needs JSON escaping, so
                // it is written between the object's other fields and its end, from guarded memory.
                let head = JSON.object([("user", .string(name)), ("suite_id", .null), ("suite", .string(suite.text)),
                                        ("issuer", .string(issuerName))]).rendered.dropLast() + ",\"otpauth_uri\":\""
                Console.out(String(head))
                try Console.writeAll(1, secret: uri, what: "standard output")
                Console.out("\"}\n")
            } else {
                try Console.writeAll(1, secret: Console.line(uri), what: "standard output")
            }
            // On a terminal the QR code comes unasked (a person is there with a phone);
            // --quiet keeps it away unless --qr asks for it.
            guard qr || Console.showsNotes else { return }
            guard isatty(2) == 1 else {
                Console.warning("no QR code: standard error is not a terminal")
                return
            }
            try QRCode.show(uri, on: 2, saying: "the otpauth URI of '\(name)' as a QR code, for an authenticator app to scan "
                + "(it holds the key: clear the screen once the app has it)")
        }
    }
}
