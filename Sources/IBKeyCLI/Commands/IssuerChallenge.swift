import ArgumentParser
import IBKeyCore

extension Issuer {
    struct Challenge: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "challenge",
            abstract: "Print a fresh random challenge for a user (single-use, expires)."
        )

        @OptionGroup var user: IssuerNameOptions

        var name: String { user.name }

        @Option(name: .long, help: "Seconds until the challenge expires.")
        var ttl: Int64 = 300

        @OptionGroup var options: IssuerStoreOptions
        @OptionGroup var output: JSONOption

        func validate() throws {
            guard ttl > 0 && ttl <= 86_400 else { throw ValidationError("--ttl must be 1 to 86400 seconds") }
        }

        func run() throws {
            let now = Environment.now
            let value = try options.opened.update { state in try state.challenge(name, ttl: ttl, now: now) }
            if output.json {
                Console.out(JSON.object([("user", .string(name)), ("challenge", .string(value)),
                                         ("expires", .string(Timestamp.iso8601(now + ttl)))]).rendered + "\n")
            } else {
                Console.out(value + "\n")
            }
        }
    }
}
