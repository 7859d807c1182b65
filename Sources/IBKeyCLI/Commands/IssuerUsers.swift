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
            let now = Environment.now
            if output.json {
                Console.out(JSON.array(state.users.map { u in
                    .object([("name", .string(u.name)), ("suite_id", .int(Int(u.suiteID.rawValue))),
                             ("suite", .string(u.suiteID.suiteText)),
                             ("state", .string(u.state == .active ? "active" : "pending")),
                             ("counter", .int(Int64(bitPattern: u.counter))), ("failures", .int(Int(u.failures))),
                             ("blocked", .bool(u.isBlocked(now: now))),
                             ("blocked_until", u.isBlocked(now: now) ? .string(Timestamp.iso8601(u.blockedUntil)) : .null),
                             ("open_challenges", .int(u.challenges.filter { $0.expiresAt > now }.count))])
                }).rendered + "\n")
                return
            }
            if state.users.isEmpty { Console.note("no users"); return }
            var text = "NAME\tSUITE\tSTATE\tCOUNTER\tFAILURES\tBLOCKED\n"
            for u in state.users {
                text += "\(u.name)\t\(u.suiteID.rawValue)\t\(u.state == .active ? "active" : "pending")\t\(u.counter)\t\(u.failures)\t"
                text += u.isBlocked(now: now) ? "until \(Timestamp.iso8601(u.blockedUntil))\n" : "no\n"
            }
            Console.out(text)
        }
    }
}
