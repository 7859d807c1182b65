import ArgumentParser
import IBKeyCore

extension Issuer {
    struct Init: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "init",
            abstract: "Create the issuer store and its key file (exit 7 if they exist)."
        )

        @OptionGroup var options: IssuerStoreOptions

        func run() throws {
            let store = try options.opened
            try store.initialize()
            Console.note("created issuer store \(store.path) with key file \(store.keyPath)")
        }
    }
}
