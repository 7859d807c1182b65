import ArgumentParser
import IBKeyCore

struct Selftest: ParsableCommand {
    static let configuration = CommandConfiguration(
        // Explicit: otherwise the parser derives it with String(describing:) at every start.
        commandName: "selftest",
        abstract: "Run the built-in known-answer tests (RFC 4226 HOTP, RFC 6238 TOTP, RFC 6287 OCRA, IB Key); exit 0 or 1."
    )

    @OptionGroup var output: JSONOption

    @Flag(name: .shortAndLong, help: "List every test, not only failures.")
    var verbose = false

    func run() throws {
        let results = SelfTest.run()
        let failed = results.filter { !$0.passed }
        if output.json {
            Console.out(JSON.object([
                ("passed", .int(results.count - failed.count)), ("failed", .int(failed.count)),
                ("tests", .array(results.map { .object([("name", .string($0.name)), ("passed", .bool($0.passed))]) })),
            ]).rendered + "\n")
        } else {
            for r in results where verbose || !r.passed {
                Console.out("\(r.passed ? "ok  " : "FAIL") \(r.name)\(r.passed ? "" : ": " + r.detail)\n")
            }
            Console.out("selftest: \(results.count - failed.count) passed, \(failed.count) failed\n")
        }
        if !failed.isEmpty { throw IBKeyError.selftestFailed(failed: failed.count, total: results.count) }
    }
}
