import ArgumentParser
import IBKeyCore

extension Issuer {
    struct Remove: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "remove",
            abstract: "Delete a user from the issuer store."
        )

        @Argument(help: ArgumentHelp("The user's name (or --user NAME).", valueName: "name"), completion: Completions.issuerUsers)
        var positionalName: String?

        var words: [String] { positionalName.map { [$0] } ?? [] }

        @OptionGroup var who: IssuerUserOptions

        /// The user's name (checked in `validate`).
        var name: String { (try? who.split(words, after: 0).name) ?? "" }

        @OptionGroup var options: IssuerStoreOptions

        func validate() throws { _ = try who.split(words, after: 0) }

        func run() throws {
            try options.opened.update { state in try state.remove(name) }
            Console.note("removed '\(name)' from the issuer")
        }
    }
}
