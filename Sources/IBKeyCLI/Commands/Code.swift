import ArgumentParser
import IBKeyCore

struct Code: ParsableCommand, UsesSecrets {
    static let configuration = CommandConfiguration(
        // Explicit: otherwise the parser derives it with String(describing:) at every start.
        commandName: "code",
        abstract: "Print the code of a TOTP or HOTP account (every TOTP account when none is named).",
        discussion: """
        For one account — named, or the vault's only TOTP or HOTP account — prints \
        the code on stdout: digits and a newline, nothing else; on a terminal, \
        stderr adds how many seconds a TOTP code stays valid. With no account \
        named and several in the vault, prints every TOTP account after one \
        unlock, one line each: NAME, CODE and the seconds left. HOTP accounts \
        are shown only when named: each code moves their counter on, and the \
        advanced counter is stored durably before the code is printed.

        --json prints an object for one account, an array for several: \
        "user", "code", and "valid_for" (TOTP, seconds) or "counter" (HOTP, \
        the counter the code was made with).

        --at TIME shows the TOTP codes of another moment: Unix seconds \
        (1796310000) or ISO 8601 in UTC (2026-12-03T15:00:00Z). The clock is \
        otherwise the system's; no environment variable moves it.

        --copy puts the code on the clipboard instead of stdout (wl-copy under \
        Wayland, else xclip or xsel under X11; the code goes on the program's \
        standard input, never on a command line) and clears it after 20 s \
        (IBKEY_CLIP_SECONDS), unless something else was copied meanwhile. It \
        takes one account.

        OCRA users answer challenges instead: 'ibkey respond'.

        EXAMPLES:
          ibkey code                      # the only account, or all TOTP ones
          ibkey code github               # one account
          ibkey code -u github --copy     # to the clipboard, cleared in 20 s
          ibkey code --json --pin-fd 3 3<pin.txt
          ibkey code github --at 2026-12-03T15:00:00Z
        """
    )

    static let secrets: [SecretKind] = [.pin]

    @Argument(help: ArgumentHelp("The account (or --user NAME); none: the vault's only account, or every TOTP account.", valueName: "name"),
              completion: Completions.vaultOTPAccounts)
    var name: String?

    @Option(name: [.customShort("u"), .long], help: ArgumentHelp("The account (instead of NAME).", valueName: "name"),
            completion: Completions.vaultOTPAccounts)
    var user: String?

    @Option(name: .long, help: TokenClock.help("Show the TOTP codes"), transform: TokenClock.parse)
    var at: Int64?

    @Flag(name: .long, help: "Put the code on the clipboard instead of stdout; cleared after 20 s (IBKEY_CLIP_SECONDS).")
    var copy = false

    @OptionGroup var vault: VaultOptions
    @OptionGroup var pin: PINOptions
    @OptionGroup var output: JSONOption

    func validate() throws {
        if name != nil && user != nil { throw ValidationError("give the account once: NAME or --user NAME") }
    }

    /// What to do, independent of how the command line was parsed.
    var request: CodeRequest {
        CodeRequest(user: user ?? name, vaultPath: vault.vault, pinFD: pin.pinFD, pinFile: pin.pinFile, pinStdin: pin.pinStdin,
                    json: output.json, at: at, copy: copy, noWait: vault.noWait)
    }

    func run() throws { try Self.show(request) }

    /// The road of a code (Docs/ARCHITECTURE.md): the plan made from the
    /// vault read without a key (accounts, time, block) and the clipboard
    /// checked, the PIN, then under the lock: unlock, make the codes, store
    /// an HOTP counter; then print (or copy).
    static func show(_ request: CodeRequest) throws {
        let access = try VaultAccess(store: VaultOptions.store(VaultOptions.resolve(request.vaultPath), noWait: request.noWait),
                                     verification: .header) // its cost must not grow with the number of users
        let plan = try CodePlan(vault: access.sealed, user: request.user, time: request.at)
        var clipboard: Clipboard?
        if request.copy {
            if plan.isListing {
                throw UsageError("--copy takes one code, and this vault has several accounts",
                                 hint: "name one: ibkey code --copy NAME")
            }
            clipboard = try Clipboard.ofThisSession() // before the PIN: a missing program costs no unlock
        }
        let codes = try access.withUnlocked(.pin(request.pinSource), verification: .header) { vault, _ in
            let codes = try plan.codes(in: vault, clock: TokenClock.now)
            for commit in codes.compactMap(\.commit) {
                try access.store.commitCounter(commit.next, at: commit.index, of: vault)
            }
            return codes
        }
        if let clipboard, let code = codes.first {
            try clipboard.copy(code.code)
            if let left = code.validFor { Console.note("valid for \(left) s") }
            return
        }
        Console.out(render(codes, listing: plan.isListing, json: request.json))
        if !plan.isListing, !request.json, let left = codes.first?.validFor { Console.note("valid for \(left) s") }
    }

    /// What `code` prints: the code alone, a line per account, or JSON.
    static func render(_ codes: [CodePlan.Code], listing: Bool, json: Bool) -> String {
        func object(_ c: CodePlan.Code) -> JSON {
            var fields: [(String, JSON)] = [("user", .string(c.user)), ("code", .string(c.code))]
            if let left = c.validFor { fields.append(("valid_for", .int(left))) }
            if let counter = c.counter { fields.append(("counter", .uint(counter))) }
            return .object(fields)
        }
        if json { return (listing ? JSON.array(codes.map(object)) : object(codes[0])).rendered + "\n" }
        guard listing else { return codes[0].code + "\n" }
        return Table.aligned(codes.map { [$0.user, $0.code, $0.validFor.map { "\($0) s" } ?? ""] })
    }
}

/// Everything `code` needs from its command line.
struct CodeRequest: Equatable {
    var user: String?
    var vaultPath: String?
    var pinFD: Int32?
    var pinFile: String?
    var pinStdin: Bool
    var json: Bool
    var at: Int64? = nil
    var copy = false
    var noWait = false

    /// Where the PIN comes from.
    var pinSource: SecretSource { SecretSource(kind: .pin, fd: pinFD, file: pinFile, stdin: pinStdin) }
}
