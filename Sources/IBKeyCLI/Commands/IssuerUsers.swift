import ArgumentParser
import IBKeyCore

extension Issuer {
    struct Users: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "users",
            abstract: "List the issuer's users: name, suite, state, counter, failures (never a key)."
        )

        @OptionGroup var options: IssuerStoreOptions
        @OptionGroup var output: JSONOption

        func run() throws {
            let state = try options.opened.read()
            if state.users.isEmpty && !output.json { Console.note("no users"); return }
            Console.out(Self.render(state, now: Environment.now, json: output.json))
        }

        /// What `issuer users` prints: a table, or a JSON array.
        static func render(_ state: IssuerState, now: Int64, json: Bool) -> String {
            func blockedUntil(_ u: IssuerUser) -> String? { u.isBlocked(now: now) ? Timestamp.iso8601(u.blockedUntil) : nil }
            if json {
                return JSON.array(state.users.map { u in
                    .object([("name", .string(u.name)), ("suite_id", .int(Int(u.suiteID.rawValue))),
                             ("suite", .string(u.suiteID.suiteText)),
                             ("state", .string(u.state == .active ? "active" : "pending")),
                             ("counter", .uint(u.counter)), ("failures", .int(u.recentFailures(now: now))),
                             ("blocked", .bool(u.isBlocked(now: now))),
                             ("blocked_until", blockedUntil(u).map { .string($0) } ?? .null),
                             ("open_challenges", .int(u.challenges.filter { $0.expiresAt > now }.count))])
                }).rendered + "\n"
            }
            var text = "NAME\tSUITE\tSTATE\tCOUNTER\tFAILURES\tBLOCKED\n"
            for u in state.users {
                text += "\(u.name)\t\(u.suiteID.rawValue)\t\(u.state == .active ? "active" : "pending")\t\(u.counter)\t"
                text += "\(u.recentFailures(now: now))\t" + (blockedUntil(u).map { "until \($0)\n" } ?? "no\n")
            }
            return text
        }
    }
}
