import ArgumentParser
import IBKeyCore

struct Users: ParsableCommand {
    static let configuration = CommandConfiguration(
        // Explicit: otherwise the parser derives it with String(describing:) at every start.
        commandName: "users",
        abstract: "List the enrolled users and accounts: name, suite, issuer, enrolled date, next counter (never a key).",
        discussion: """
        Needs no PIN: names, suites, issuers and dates are stored in the vault's \
        directory (see Docs/VAULT.md). SUITE says the kind: an OCRA suite \
        (OCRA-1:…, answered by 'ibkey respond'), or TOTP-<hash>-<digits>-<period> \
        and HOTP-<hash>-<digits> for accounts whose codes 'ibkey code' shows \
        (JSON "kind": "ocra", "totp" or "hotp"). ISSUER is the service an \
        account belongs to, when its source named one (JSON "issuer", else \
        null). NEXT (JSON "counter") is the next counter of a suite with C or \
        of an HOTP account, as the file stores it; it is read without the key, \
        so it is checked only when a PIN opens the vault. It is empty (null) \
        otherwise.
        """
    )

    @OptionGroup var vault: VaultOptions
    @OptionGroup var output: JSONOption

    func run() throws {
        let sealed = try vault.store.load()
        if sealed.users.isEmpty && !output.json { Console.note("no users enrolled"); return }
        Console.out(Self.render(sealed.users, counters: try sealed.storedCounters(), json: output.json))
    }

    /// What `users` prints: a table, or a JSON array (the keys `issuer users`
    /// shares with it mean the same: name, suite, suite_id, counter; `kind`
    /// and `issuer` are the vault's own).
    /// - Parameter counters: each user's stored next counter (nil: not readable without the key).
    static func render(_ users: UserList, counters: [UInt64]?, json: Bool) -> String {
        func next(_ i: Int) -> UInt64? { users[i].suite.usesCounter ? counters?[i] : nil }
        if json {
            return JSON.array(users.indices.map { i in
                let u = users[i]
                return .object([("name", .string(u.name)), ("suite", .string(u.suite.text)),
                                ("kind", .string(kind(u.suite))), ("issuer", u.issuer.map { .string($0) } ?? .null),
                                ("suite_id", SuiteID(suiteText: u.suite.text).map { .int(Int($0.rawValue)) } ?? .null),
                                ("enrolled", .string(Timestamp.iso8601(u.enrolledAt))),
                                ("counter", next(i).map { .uint($0) } ?? .null)])
            }).rendered + "\n"
        }
        return Table.render(["NAME", "SUITE", "ISSUER", "ENROLLED", "NEXT"], users.indices.map { i in
            [users[i].name, users[i].suite.text, users[i].issuer ?? "", Timestamp.iso8601(users[i].enrolledAt), next(i).map(String.init) ?? ""]
        })
    }

    /// What an entry is, as JSON says it: "ocra" (`respond`), "totp" or "hotp" (`code`).
    static func kind(_ suite: UserSuite) -> String {
        switch suite {
        case .ocra: "ocra"
        case .otp(let s): s.usesCounter ? "hotp" : "totp"
        }
    }
}
