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

        @Argument(help: "The user name.")
        var name: String

        @Option(name: .long, help: "Suite id (1-4).")
        var suite: UInt8 = 1

        @Flag(name: .long, help: "Also print the code as a QR code for the terminal.")
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
            if qr { Console.out(try QRCode.terminalText(text)) }
        }
    }
}
