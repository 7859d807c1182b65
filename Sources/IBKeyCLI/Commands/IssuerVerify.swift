import ArgumentParser
import IBKeyCore

extension Issuer {
    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "verify",
            abstract: "Check a response: exit 0 if good, 1 if bad, 4 if the user is blocked.",
            discussion: """
            Checks against the user's latest open challenge, or --challenge C. The \
            response may be typed in words ('7676 5242'); one that is not as many \
            digits as the user's suite gives is refused (exit 2) and uses nothing up. \
            Otherwise the challenge is used up, whether the response is right or not. \
            Counter suites accept counters up to --window ahead of the issuer's and \
            resynchronise. 10 failures within 24 hours block the user for 24 hours.
            """
        )

        @Argument(help: ArgumentHelp("NAME, then the response as the user typed it (in one word or several); with --user NAME, the response alone.", valueName: "name-and-response"), completion: Completions.issuerUsers)
        var words: [String] = []

        @OptionGroup var who: IssuerUserOptions

        @Option(name: .long, help: "The challenge answered (default: the latest open one).")
        var challenge: String?

        @Option(name: .long, help: "Counter look-ahead window.")
        var window: UInt64 = 20

        @OptionGroup var options: IssuerStoreOptions
        @OptionGroup var output: JSONOption

        func validate() throws {
            _ = try who.split(words, after: nil)
            guard window <= IssuerState.maxWindow else { throw ValidationError("--window must be at most \(IssuerState.maxWindow)") }
        }

        func run() throws {
            let (name, rest) = try who.split(words, after: nil)
            let response = rest.joined().filter { $0 != " " && $0 != "-" }
            let now = Environment.now
            let verdict = try options.opened.update { state in
                // Checked before the core uses up the challenge (and counts a
                // failure): a mistyped response is input to retype, not a wrong answer.
                try Self.checkForm(response, digits: try state.user(name).suiteID.suite.digits)
                return try state.verify(name, response: response, challenge: challenge, window: window, now: now)
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

        /// Refuses a response that cannot be one for the suite: not all digits, or
        /// not as many as the suite gives.
        static func checkForm(_ response: String, digits: Int) throws {
            guard digits > 0 else { return } // a hex HMAC (no such issuer suite yet)
            let allDigits = response.allSatisfy { $0.isASCII && $0.isNumber }
            if allDigits && response.count == digits { return }
            throw UsageError("the response must be \(digits) digits, got \(allDigits ? "\(response.count)" : "'\(response.oneLine(limit: 24))'")",
                             hint: "nothing was used up: type the response again, as 'ibkey respond' printed it")
        }
    }
}
