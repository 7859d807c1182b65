import ArgumentParser
import IBKeyCore

extension Issuer {
    struct Remove: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "remove",
            abstract: "Delete a user from the issuer store."
        )

        @OptionGroup var user: IssuerNameOptions

        var name: String { user.name }

        @OptionGroup var options: IssuerStoreOptions

        func run() throws {
            try options.opened.update { state in try state.remove(name) }
            Console.note("removed '\(name)' from the issuer")
        }
    }
}
