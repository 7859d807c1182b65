import ArgumentParser
import IBKeyCore

struct Respond: ParsableCommand, UsesSecrets {
    static let configuration = CommandConfiguration(
        // Explicit: otherwise the parser derives it with String(describing:) at every start.
        commandName: "respond",
        abstract: "Print the response to a login challenge.",
        discussion: """
        Prints the response on stdout: digits and a newline, nothing else (for a \
        suite with 0 digits, the whole HMAC in lower-case hex). The user's suite \
        (see 'ibkey users') says what the challenge is; xx is its length:

          QNxx  exactly xx decimal digits; spaces and '-' between them are ignored
                ('123 456'); the IB Key suites take 6
          QHxx  exactly xx hex digits, either case; spaces and '-' are ignored
          QAxx  4 to xx printable ASCII characters without spaces, as typed

        A login screen that shows a shorter QN challenge means the same as with \
        zeros added on the left; a shorter QH one, zeros added on the right.

        Suites with S need the session information: --session TEXT (its UTF-8 \
        bytes) or --session-hex HEX, at most nnn bytes (Snnn), left-padded with zero \
        bytes. Suites with T use the system clock, or the moment --at TIME names \
        (Unix seconds, or ISO 8601 in UTC: 2026-12-03T15:00:00Z); no environment \
        variable moves it.

        With '-', reads one challenge per line from stdin and prints one response \
        per line after a single unlock (holding the vault lock until stdin ends). \
        A bad line stops the batch (exit 2) after the responses before it; with \
        --keep-going each bad line is said on stderr with its line number (the \
        PIN line of --pin-stdin is line 1), the others are answered, and the exit \
        is 2 at the end. With no challenge on a terminal, ibkey asks 'Challenge:'.

        For counter suites the advanced counter is stored durably before a response \
        is printed, so no two responses ever share a counter value.

        --copy puts the response on the clipboard instead of stdout (wl-copy, \
        xclip or xsel; never on a command line) and clears it after 20 s \
        (IBKEY_CLIP_SECONDS), unless something else was copied meanwhile. Not \
        with '-'. TOTP and HOTP accounts give codes instead: 'ibkey code'.
        """
    )

    static let secrets: [SecretKind] = [.pin]

    @Option(name: [.customShort("u"), .long], help: "The user to answer for (required when the vault holds several OCRA users).", completion: Completions.vaultUsers)
    var user: String?

    @Option(name: .long, help: ArgumentHelp("Session information for suites with S, as text.", valueName: "text"))
    var session: String?

    @Option(name: .customLong("session-hex"), help: ArgumentHelp("Session information for suites with S, in hex.", valueName: "hex"))
    var sessionHex: String?

    @Flag(name: .customLong("keep-going"), help: "With '-': answer every good line, say each bad one, exit 2 at the end.")
    var keepGoing = false

    @Option(name: .long, help: TokenClock.help("Answer a suite with T"), transform: TokenClock.parse)
    var at: Int64?

    @Flag(name: .long, help: "Put the response on the clipboard instead of stdout; cleared after 20 s (IBKEY_CLIP_SECONDS).")
    var copy = false

    @Argument(help: ArgumentHelp("The challenge, or '-' to read challenges from stdin.", valueName: "challenge"))
    var challenge: [String] = []

    @OptionGroup var vault: VaultOptions
    @OptionGroup var pin: PINOptions
    @OptionGroup var output: JSONOption

    /// What to do, independent of how the command line was parsed (the fast
    /// path, Respond+FastPath.swift, builds the same request without the parser).
    var request: RespondRequest {
        RespondRequest(user: user, challenge: challenge, vaultPath: vault.vault,
                       pinFD: pin.pinFD, pinFile: pin.pinFile, pinStdin: pin.pinStdin, json: output.json,
                       session: session, sessionHex: sessionHex, noWait: vault.noWait, keepGoing: keepGoing, at: at, copy: copy)
    }

    func run() throws { try Self.answer(request) }

    /// The road of a challenge (Docs/ARCHITECTURE.md): the plan made from the
    /// vault read without a key (user, suite, challenge, session, block), the
    /// PIN, then under the lock: unlock, answer, store the counter, print.
    static func answer(_ request: RespondRequest) throws {
        if request.keepGoing && request.challenge != ["-"] {
            throw UsageError("--keep-going is for a batch read from standard input", hint: "give '-' as the challenge: ibkey respond --keep-going -")
        }
        if request.copy && request.challenge == ["-"] {
            throw UsageError("--copy takes one response, not a batch read from standard input", hint: "give the challenge itself: ibkey respond --copy CHALLENGE")
        }
        let access = try VaultAccess(store: VaultOptions.store(VaultOptions.resolve(request.vaultPath), noWait: request.noWait),
                                     verification: .header) // its cost must not grow with the number of users
        let plan = try ResponsePlan(vault: access.sealed, user: request.user, words: request.challenge,
                                    session: try request.sessionBytes(), time: request.at)
        // Only with --copy: the plain respond starts nothing and reads no more settings.
        let output = ResponseOutput(json: request.json, user: plan.user.name, clipboard: request.copy ? try Clipboard.ofThisSession() : nil)
        // The token's clock (TokenClock); the plan's --at moment, if any, is the core's to apply.
        let clock = TokenClock.now
        switch plan.challenges {
        case .one(let challenge): try answer(challenge, plan: plan, access: access, source: request.pinSource, output: output, clock: clock)
        case .ask: try answer(try ask(plan), plan: plan, access: access, source: request.pinSource, output: output, clock: clock)
        case .batch:
            try access.withUnlocked(.pin(request.pinSource), verification: .header) { vault, _ in
                try answerLines(Responder(vault: vault, plan: plan, clock: clock), plan: plan,
                                store: access.store, vault: vault, output: output, keepGoing: request.keepGoing)
            }
        }
    }

    /// The challenge typed at the prompt, asked again when it does not fit the suite.
    private static func ask(_ plan: ResponsePlan) throws -> String {
        guard let tty = Terminal.open() else {
            throw UsageError("no challenge given", hint: "pass the challenge, or '-' to read challenges from stdin")
        }
        return try tty.readLine(prompt: "Challenge: ", echo: true, retrying: { if case .badChallenge = $0 { true } else { false } }) {
            try plan.normalize($0.withBytes { String(decoding: $0, as: UTF8.self) })
        }
    }

    private static func answer(_ challenge: String, plan: ResponsePlan, access: VaultAccess, source: SecretSource,
                               output: ResponseOutput, clock: @escaping () -> Int64) throws {
        let response = try access.withUnlocked(.pin(source), verification: .header) { vault, _ -> String in
            let responder = try Responder(vault: vault, plan: plan, clock: clock)
            let response = try responder.respond(to: challenge)
            try commit(responder, store: access.store, vault: vault)
            if output.clipboard == nil { output.emit(response, counter: plan.suite.usesCounter ? responder.counter - 1 : nil) }
            return response
        }
        // Copied once the lock is released: the clipboard program may take its time.
        try output.copy(response)
    }

    /// Stores the advanced counter (counter suites) before anything is printed.
    private static func commit(_ r: Responder, store: VaultStore, vault: UnlockedVault) throws {
        guard r.suite.usesCounter else { return }
        try store.commitCounter(r.counter, at: r.index, of: vault)
    }

    /// One response per input line. Lines are taken in the chunks a pipe
    /// delivers; each chunk's counters are committed in one write, then its
    /// responses printed. A bad line stops the batch with exit 2 after the
    /// responses before it; with `keepGoing` it is said on stderr and the
    /// batch goes on, to exit 2 at the end.
    private static func answerLines(_ r: Responder, plan: ResponsePlan, store: VaultStore, vault: UnlockedVault,
                                    output: ResponseOutput, keepGoing: Bool) throws {
        let input = LineReader.standardInput
        var refused = 0
        var responses: [String] = []
        /// Stores the counter, then prints the responses answered so far.
        func flush() throws {
            guard !responses.isEmpty else { return }
            try commit(r, store: store, vault: vault)
            output.emit(responses, firstCounter: plan.suite.usesCounter ? r.counter - UInt64(responses.count) : nil)
            responses.removeAll(keepingCapacity: true)
        }
        while true {
            // Numbered as lines of standard input: a PIN read from it first (--pin-stdin) is line 1.
            var lineNumber = input.linesRead
            let lines = try input.readAvailableLines(limit: 65_536)
            if lines.isEmpty { break }
            responses.reserveCapacity(lines.count)
            for line in lines {
                lineNumber += 1
                if line.isEmpty { continue }
                do {
                    responses.append(try r.respond(to: try Challenge.normalize(line, suite: plan.suite)))
                } catch let e as IBKeyError {
                    let failure = IBKeyError.badChallenge("line \(lineNumber): \(e.message)")
                    try flush() // the responses before it come first, as the lines did
                    guard keepGoing else { throw failure }
                    Console.error(failure.message)
                    refused += 1
                }
            }
            try flush()
        }
        if refused > 0 { throw ReportedUsageErrors(count: refused) }
    }
}

/// How `respond` prints: digits and a newline, or one JSON object per
/// response; or, with `--copy`, nothing on stdout and the response on the clipboard.
struct ResponseOutput {
    let json: Bool
    let user: String
    /// `--copy`: the clipboard, checked before the PIN was asked for.
    var clipboard: Clipboard? = nil

    /// With `--copy`, puts the response on the clipboard and says so on stderr.
    func copy(_ response: String) throws {
        guard let clipboard else { return }
        try clipboard.copy(response)
    }

    func emit(_ response: String, counter: UInt64?) {
        guard json else { Console.out(response + "\n"); return }
        var fields: [(String, JSON)] = [("user", .string(user)), ("response", .string(response))]
        if let counter { fields.append(("counter", .uint(counter))) }
        Console.out(JSON.object(fields).rendered + "\n")
    }

    /// A batch chunk: one line each, in one write unless JSON.
    func emit(_ responses: [String], firstCounter: UInt64?) {
        if json {
            for (i, response) in responses.enumerated() { emit(response, counter: firstCounter.map { $0 + UInt64(i) }) }
        } else if !responses.isEmpty {
            Console.out(responses.joined(separator: "\n") + "\n")
        }
    }
}
