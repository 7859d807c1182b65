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
        bytes. Suites with T use the clock.

        With '-', reads one challenge per line from stdin and prints one response \
        per line after a single unlock (holding the vault lock until stdin ends). \
        With no challenge on a terminal, ibkey asks 'CHALLNG>'.

        For counter suites the advanced counter is stored durably before a response \
        is printed, so no two responses ever share a counter value.
        """
    )

    static let secrets: [SecretKind] = [.pin]

    @Option(name: .long, help: "The user to answer for (required when several are enrolled).", completion: Completions.vaultUsers)
    var user: String?

    @Option(name: .long, help: ArgumentHelp("Session information for suites with S, as text.", valueName: "text"))
    var session: String?

    @Option(name: .customLong("session-hex"), help: ArgumentHelp("Session information for suites with S, in hex.", valueName: "hex"))
    var sessionHex: String?

    @Argument(help: ArgumentHelp("The challenge, or '-' to read challenges from stdin.", valueName: "challenge"))
    var challenge: [String] = []

    @OptionGroup var vault: VaultOptions
    @OptionGroup var pin: PINOptions
    @OptionGroup var output: JSONOption

    /// What to do, independent of how the command line was parsed (the fast
    /// path in RespondFastPath.swift builds the same request without the parser).
    var request: RespondRequest {
        RespondRequest(user: user, challenge: challenge, vaultPath: vault.vault,
                       pinFD: pin.pinFD, pinFile: pin.pinFile, pinStdin: pin.pinStdin, json: output.json,
                       session: session, sessionHex: sessionHex, noWait: vault.noWait)
    }

    func run() throws { try RespondAction(request).run() }
}

/// The work of `respond`: pick the user and check the challenge before asking
/// for the PIN, unlock under the lock, answer, store the counter, print.
struct RespondAction {
    let request: RespondRequest

    init(_ request: RespondRequest) { self.request = request }

    func run() throws {
        let store = VaultOptions.store(VaultOptions.resolve(request.vaultPath), noWait: request.noWait)
        // Only the header: picking the user and checking the challenge must not
        // cost more with 10 000 users than with one.
        let sealed = try store.load(.header)
        // `ibkey respond alice 123456`: the user's name typed where the issuer side puts it.
        if request.user == nil, request.challenge.count >= 2, let first = request.challenge.first,
           sealed.users.firstIndex(named: first) != nil {
            throw IBKeyError.usage("'\(first)' is a user, not part of the challenge",
                                   hint: "name the user with --user: ibkey respond --user \(first) \(request.challenge.dropFirst().joined(separator: " "))")
        }
        let entry = try VaultAccess.selectUser(request.user, in: sealed)
        let suite: OCRASuite
        do { suite = try OCRASuite(entry.suite) } catch {
            throw IBKeyError.damaged("vault damaged: user '\(entry.name)' has an unreadable suite")
        }
        let batch = request.challenge.count == 1 && request.challenge[0] == "-"
        // A single challenge is checked before the PIN is asked for.
        var single: String?
        if !batch {
            if request.challenge.isEmpty {
                guard let tty = Terminal.open() else {
                    throw IBKeyError.usage("no challenge given", hint: "pass the challenge, or '-' to read challenges from stdin")
                }
                single = try tty.readLine(prompt: "CHALLNG>", echo: true, retrying: { if case .badChallenge = $0 { true } else { false } }) {
                    try checked($0.withBytes { String(decoding: $0, as: UTF8.self) }, suite: suite, sealed: sealed)
                }
            } else {
                single = try checked(request.challengeText, suite: suite, sealed: sealed)
            }
        }
        let session = try request.sessionBytes()
        try Responder.check(session: session, for: suite)
        try sealed.checkNotBlocked(.pin)
        let pinValue = try SecretSource(kind: .pin, fd: request.pinFD, file: request.pinFile, stdin: request.pinStdin).read()
        try store.exclusively {
            let unlocked = try Busy.during("unlocking") { try store.unlock(.pin, pin: pinValue, verification: .header) }
            guard let index = unlocked.index(of: entry.name) else {
                // The vault changed since the first read: read it whole, so damage reads as damage.
                let now = try store.load(.full)
                throw IBKeyError.userNotFound(name: entry.name, known: now.users.names)
            }
            let responder = try Responder(vault: unlocked, index: index, session: session, clock: { Environment.now }, parsed: suite)
            if let single {
                let response = try responder.respond(to: single)
                try commit(responder, index: index, vault: unlocked, store: store)
                emit(response, counter: suite.usesCounter ? responder.counter - 1 : nil, name: entry.name)
            } else {
                try runBatch(responder, index: index, vault: unlocked, store: store, suite: suite, name: entry.name)
            }
        }
    }

    /// The challenge in the suite's format. The suite text comes from the
    /// directory, which a header-only read has not hashed: before blaming the
    /// challenge, make sure the directory is intact (a flipped bit could turn
    /// QN06 into QN07).
    private func checked(_ challenge: String, suite: OCRASuite, sealed: SealedVault) throws -> String {
        do { return try Challenge.normalize(challenge, suite: suite) } catch {
            try sealed.verifyDirectory()
            throw error
        }
    }

    /// Stores the advanced counter (counter suites) before anything is printed.
    private func commit(_ r: Responder, index: Int, vault: UnlockedVault, store: VaultStore) throws {
        guard r.suite.usesCounter else { return }
        try store.commitCounter(r.counter, at: index, of: vault)
    }

    private func emit(_ response: String, counter: UInt64?, name: String) {
        if request.json {
            var fields: [(String, JSON)] = [("user", .string(name)), ("response", .string(response))]
            if let counter { fields.append(("counter", .uint(counter))) }
            Console.out(JSON.object(fields).rendered + "\n")
        } else {
            Console.out(response + "\n")
        }
    }

    /// One response per input line. Lines are taken in the chunks a pipe
    /// delivers; each chunk is validated whole, its counters committed in one
    /// write, then its responses printed. A bad line stops the batch with
    /// exit 2 after the responses before it.
    private func runBatch(_ r: Responder, index: Int, vault: UnlockedVault, store: VaultStore,
                          suite: OCRASuite, name: String) throws {
        let input = LineReader.standardInput
        var lineNumber = 0
        while true {
            let lines = try input.readAvailableLines(limit: 65_536)
            if lines.isEmpty { break }
            var responses: [String] = []
            responses.reserveCapacity(lines.count)
            var failure: IBKeyError?
            for line in lines {
                lineNumber += 1
                if line.isEmpty { continue }
                do {
                    responses.append(try r.respond(to: try Challenge.normalize(line, suite: suite)))
                } catch let e as IBKeyError {
                    failure = .badChallenge("line \(lineNumber): \(e.message)")
                    break
                }
            }
            try commit(r, index: index, vault: vault, store: store)
            if request.json {
                let first = r.counter - UInt64(responses.count)
                for (i, resp) in responses.enumerated() {
                    emit(resp, counter: suite.usesCounter ? first + UInt64(i) : nil, name: name)
                }
            } else if !responses.isEmpty {
                Console.out(responses.joined(separator: "\n") + "\n")
            }
            if let failure { throw failure }
        }
    }
}

extension RespondRequest {
    /// The S input: `--session`'s UTF-8 bytes, or `--session-hex` decoded; nil when neither.
    func sessionBytes() throws -> [UInt8]? {
        switch (session, sessionHex) {
        case (nil, nil): return nil
        case (let text?, nil): return Array(text.utf8)
        case (nil, let hex?):
            guard let bytes = Hex.decode(hex) else {
                throw IBKeyError.usage("--session-hex must be hex digits, two per byte, got '\(hex.prefix(20))'")
            }
            return bytes
        default: throw IBKeyError.usage("give the session information once: --session or --session-hex")
        }
    }
}
