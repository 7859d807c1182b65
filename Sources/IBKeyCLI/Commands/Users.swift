import ArgumentParser
import IBKeyCore

struct Users: ParsableCommand {
    static let configuration = CommandConfiguration(
        // Explicit: otherwise the parser derives it with String(describing:) at every start.
        commandName: "users",
        abstract: "List the enrolled users: name, suite, enrolled date (never a key).",
        discussion: "Needs no PIN: names, suites and dates are stored in the vault's directory (see Docs/VAULT.md)."
    )

    @OptionGroup var vault: VaultOptions
    @OptionGroup var output: JSONOption

    func run() throws {
        let sealed = try vault.store.load()
        if sealed.users.isEmpty && !output.json { Console.note("no users enrolled"); return }
        Console.out(Self.render(sealed.users, json: output.json))
    }

    /// What `users` prints: a table, or a JSON array.
    static func render(_ users: UserList, json: Bool) -> String {
        if json {
            return JSON.array(users.map { u in
                .object([("name", .string(u.name)), ("suite", .string(u.suite.text)),
                         ("suite_id", SuiteID(suiteText: u.suite.text).map { .int(Int($0.rawValue)) } ?? .null),
                         ("enrolled", .string(Timestamp.iso8601(u.enrolledAt)))])
            }).rendered + "\n"
        }
        let width = max(4, users.map { $0.name.count }.max() ?? 0)
        func pad(_ s: String) -> String { s + String(repeating: " ", count: max(0, width - s.count)) }
        var text = "\(pad("NAME"))  ENROLLED              SUITE\n"
        for u in users {
            text += "\(pad(u.name))  \(Timestamp.iso8601(u.enrolledAt))  \(u.suite.text)\n"
        }
        return text
    }
}
