import ArgumentParser
import IBKeyCore

extension Issuer {
    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "verify",
            abstract: "Check a response: exit 0 if good, 1 if bad, 4 if the user is blocked.",
            discussion: """
            Checks against the user's latest open challenge, or --challenge C. The \
            challenge is used up either way. Counter suites accept counters up to \
            --window ahead of the issuer's and resynchronise. 10 failures within 24 hours \
            block the user for 24 hours.
            """
        )

        @Argument(help: ArgumentHelp("NAME, then the response typed by the user; with --user NAME, the response alone.", valueName: "name-and-response"), completion: Completions.issuerUsers)
        var words: [String] = []

        @OptionGroup var who: IssuerUserOptions

        @Option(name: .long, help: "The challenge answered (default: the latest open one).")
        var challenge: String?

        @Option(name: .long, help: "Counter look-ahead window.")
        var window: UInt64 = 20

        @OptionGroup var options: IssuerStoreOptions
        @OptionGroup var output: JSONOption

        func validate() throws {
            _ = try who.split(words, after: 1)
            guard window <= IssuerState.maxWindow else { throw ValidationError("--window must be at most \(IssuerState.maxWindow)") }
        }

        func run() throws {
            let (name, rest) = try who.split(words, after: 1)
            let response = rest[0]
            let now = Environment.now
            let verdict = try options.opened.update { state in
                try state.verify(name, response: response, challenge: challenge, window: window, now: now)
            }
            switch verdict {
            case .accepted(let counter):
                if output.json {
                    Console.out(JSON.object([("user", .string(name)), ("accepted", .bool(true)),
                                             ("counter", counter.map { .uint($0) } ?? .null)]).rendered + "\n")
                }
                Console.note("response accepted for '\(name)'")
            case .rejected(let reason):
                if output.json {
                    Console.out(JSON.object([("user", .string(name)), ("accepted", .bool(false)),
                                             ("reason", .string(reason.description))]).rendered + "\n")
                }
                throw IBKeyError.responseRejected(user: name, reason: reason)
            }
        }
    }
}
