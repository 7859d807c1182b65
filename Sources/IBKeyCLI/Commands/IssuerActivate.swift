import ArgumentParser
import IBKeyCore

extension Issuer {
    struct Activate: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "activate",
            abstract: "Check a registration code from 'ibkey enroll' and make the user active.",
            discussion: "Exit 1 for a registration code not made with this user's key, 2 for a mistyped one, 7 if the user is already active."
        )

        @Argument(help: ArgumentHelp("NAME, then the registration code printed by 'ibkey enroll' ('-' to read it from stdin); with --user NAME, the code alone.", valueName: "name-and-regcode"), completion: Completions.issuerUsers)
        var words: [String] = []

        @OptionGroup var who: IssuerUserOptions

        func validate() throws { _ = try who.split(words, after: nil) }

        @OptionGroup var options: IssuerStoreOptions

        func run() throws {
            let (name, registrationCode) = try who.split(words, after: nil)
            var text = registrationCode.joined(separator: " ")
            if text == "-" {
                guard let line = try LineReader.standardInput.readLine() else {
                    throw UsageError("no registration code on standard input")
                }
                text = line
            }
            try options.opened.update { state in try state.activate(name, registrationCode: text) }
            Console.note("user '\(name)' is active")
        }
    }
}
