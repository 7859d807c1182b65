import ArgumentParser
import IBKeyCore

extension Issuer {
    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "verify",
            abstract: "Check a response or code: exit 0 if good, 1 if bad, 4 if the user is blocked.",
            discussion: """
            OCRA users: checks against the user's latest open challenge, or --challenge C. \
            The response may be typed in words ('7676 5242'); one that is not as many \
            digits as the user's suite gives is refused (exit 2) and uses nothing up. \
            Otherwise the challenge is used up, whether the response is right or not. \
            Counter suites accept counters up to --window ahead of the issuer's and \
            resynchronise.

            TOTP users: the code of the current time step or of one step either side; \
            once a code is accepted, no code of its step or an earlier one verifies \
            again (exit 1: already used). HOTP users: the codes of the next 20 \
            counters; the issuer's counter then moves past the one used. Their codes \
            need no challenge, and --challenge and --window are refused. \
            IBKEY_TEST_NOW=<unix seconds> moves the issuer's clock.

            10 failures within 24 hours block the user for 24 hours, whatever its kind.

            Examples:
              Q=$(ibkey issuer challenge alice)
              ibkey issuer verify alice "$(ibkey respond "$Q")"
              ibkey issuer verify bob 287082      # the code bob's app shows
            """
        )

        @Argument(help: ArgumentHelp("NAME, then the response or code as the user typed it (in one word or several); with --user NAME, the response alone.", valueName: "name-and-response"), completion: Completions.issuerUsers)
        var words: [String] = []

        @OptionGroup var who: IssuerUserOptions

        @Option(name: .long, help: "The challenge answered (default: the latest open one). OCRA users only.")
        var challenge: String?

        @Option(name: .long, help: "Counter look-ahead window (default: 20). OCRA users only.")
        var window: UInt64?

        @OptionGroup var options: IssuerStoreOptions
        @OptionGroup var output: JSONOption

        func validate() throws {
            _ = try who.split(words, after: nil)
            if let window, window > IssuerState.maxWindow { throw ValidationError("--window must be at most \(IssuerState.maxWindow)") }
        }

        func run() throws {
            let (name, rest) = try who.split(words, after: nil)
            let response = rest.joined().filter { $0 != " " && $0 != "-" }
            let now = Environment.now
            let (verdict, kind) = try options.opened.update { state in
                let kind = try state.user(name).kind
                // Checked before the core uses up the challenge (and counts a
                // failure): a mistyped response is input to retype, not a wrong answer.
                switch kind {
                case .ocra:
                    try Self.checkForm(response, digits: kind.digits, what: "response", as: "'ibkey respond' printed it")
                    return (try state.verify(name, response: response, challenge: challenge, window: window ?? 20, now: now), kind)
                case .otp(let suite):
                    let given = [challenge.map { _ in "--challenge" }, window.map { _ in "--window" }].compactMap { $0 }
                    if !given.isEmpty {
                        throw UsageError("\(given.joined(separator: " and ")) \(given.count == 1 ? "is" : "are") for OCRA users; '\(name)' is a \(suite.usesCounter ? "HOTP" : "TOTP") user (\(suite.text))",
                                         hint: "give the code alone: ibkey issuer verify \(Shell.quoted(name)) CODE")
                    }
                    try Self.checkForm(response, digits: suite.digits, what: "code", as: "the authenticator app shows it")
                    return (try state.verifyCode(name, code: response, now: now), kind)
                }
            }
            switch verdict {
            case .accepted(let counter):
                if output.json {
                    // TOTP: the time step; the counter of suites with one (OCRA with C, HOTP), else null.
                    var fields: [(String, JSON)] = [("user", .string(name)), ("accepted", .bool(true)),
                                                    ("counter", kind.usesCounter ? counter.map { .uint($0) } ?? .null : .null)]
                    if kind.otpSuite?.period != nil, let step = counter { fields.append(("time_step", .uint(step))) }
                    Console.out(JSON.object(fields).rendered + "\n")
                }
                Console.note("\(kind.suiteID == nil ? "code" : "response") accepted for '\(name)'")
            case .rejected(let reason):
                if output.json {
                    Console.out(JSON.object([("user", .string(name)), ("accepted", .bool(false)),
                                             ("reason", .string(reason.description))]).rendered + "\n")
                }
                throw IBKeyError.responseRejected(user: name, reason: reason)
            }
        }

        /// Refuses a response or code that cannot be one for the suite: not
        /// all digits, or not as many as the suite gives.
        static func checkForm(_ response: String, digits: Int, what: String, as source: String) throws {
            guard digits > 0 else { return } // a hex HMAC (no such issuer suite yet)
            let allDigits = response.allSatisfy { $0.isASCII && $0.isNumber }
            if allDigits && response.count == digits { return }
            throw UsageError("the \(what) must be \(digits) digits, got \(allDigits ? "\(response.count)" : "'\(response.oneLine(limit: 24))'")",
                             hint: "nothing was used up: type the \(what) again, as \(source)")
        }
    }
}
