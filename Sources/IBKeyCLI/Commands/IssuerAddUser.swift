#if canImport(Glibc)
import Glibc
#endif
import ArgumentParser
import IBKeyCore

extension Issuer {
    struct AddUser: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add-user",
            abstract: "Create a pending user with a fresh key; print its activation code once.",
            discussion: """
            Suite ids: 1 = OCRA-1:HOTP-SHA1-8:C-QN06-PSHA1 (default), 2 = OCRA-1:HOTP-SHA256-8:C-QN06-PSHA256, \
            3 = OCRA-1:HOTP-SHA512-8:C-QN06-PSHA512, 4 = OCRA-1:HOTP-SHA256-8:QN06.
            """
        )

        @OptionGroup var user: IssuerNameOptions

        var name: String { user.name }

        @Option(name: .long, help: "Suite id (1-4).")
        var suite: UInt8 = 1

        @Flag(name: .long, help: "Also show the code as a QR code, on a terminal only (stderr with --json).")
        var qr = false

        @OptionGroup var options: IssuerStoreOptions
        @OptionGroup var output: JSONOption

        func validate() throws {
            guard SuiteID(rawValue: suite) != nil else {
                throw ValidationError("unknown suite id \(suite); use 1, 2, 3 or 4")
            }
            do { try UserEntry.validateName(name) } catch let e as IBKeyError { throw ValidationError(e.message) }
        }

        func run() throws {
            let id = SuiteID(rawValue: suite)!
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
    }
}
