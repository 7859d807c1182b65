import ArgumentParser
import IBKeyCore

extension Issuer {
    struct Users: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "users",
            abstract: "List the issuer's users: name, suite, state, next counter, failures (never a key).",
            discussion: """
            SUITE is the OCRA suite of a token user, or the kind of a TOTP/HOTP user \
            (TOTP-SHA1-6-30: hash, digits, period). NEXT is the counter the issuer expects \
            next, for OCRA suites with C and HOTP; in JSON, suite_id is null for TOTP/HOTP users.
            """
        )

        @OptionGroup var options: IssuerStoreOptions
        @OptionGroup var output: JSONOption

        func run() throws {
            let state = try options.opened.read()
            if state.users.isEmpty && !output.json { Console.note("no users"); return }
            Console.out(Self.render(state, now: Environment.now, json: output.json))
        }

        /// What `issuer users` prints: a table, or a JSON array, in the look of
        /// `users` (the keys they share mean the same: name, suite, suite_id,
        /// counter, the next one expected; null for a suite without C).
        static func render(_ state: IssuerState, now: Int64, json: Bool) -> String {
            func blockedUntil(_ u: IssuerUser) -> String? { u.isBlocked(now: now) ? Timestamp.iso8601(u.blockedUntil) : nil }
            func next(_ u: IssuerUser) -> UInt64? { u.kind.usesCounter ? u.counter : nil }
            if json {
                return JSON.array(state.users.map { u in
                    .object([("name", .string(u.name)), ("suite", .string(u.kind.text)),
                             ("suite_id", u.suiteID.map { .int(Int($0.rawValue)) } ?? .null),
                             ("state", .string(u.state == .active ? "active" : "pending")),
                             ("counter", next(u).map { .uint($0) } ?? .null), ("failures", .int(u.recentFailures(now: now))),
                             ("blocked", .bool(u.isBlocked(now: now))),
                             ("blocked_until", blockedUntil(u).map { .string($0) } ?? .null),
                             ("open_challenges", .int(u.challenges.filter { $0.expiresAt > now }.count))])
                }).rendered + "\n"
            }
            // NEXT last, as in `users`: empty for a suite without C, it leaves no hole mid-line.
            return Table.render(["NAME", "SUITE", "STATE", "FAILURES", "BLOCKED", "NEXT"], state.users.map { u in
                [u.name, u.kind.text, u.state == .active ? "active" : "pending", String(u.recentFailures(now: now)),
                 blockedUntil(u).map { "until \($0)" } ?? "no", next(u).map(String.init) ?? ""]
            })
        }
    }
}
