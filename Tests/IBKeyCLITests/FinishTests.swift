import Foundation
import Testing
@testable import IBKeyCLI

/// The finish users expect: completions, the man page, help examples.
@Suite("Man page, completions, help")
struct FinishTests {
    static let commands = ["enroll", "import", "export", "respond", "code", "users", "remove", "status", "pin", "recovery-pin",
                           "backup", "restore", "reset", "selftest", "issuer"]

    @Test("bash, zsh and fish completions name every command", arguments: ["bash", "zsh", "fish"])
    func completions(_ shell: String) {
        let r = Sandbox().run(["--generate-completion-script", shell])
        #expect(r.status == 0)
        for c in Self.commands { #expect(r.stdout.contains(c), "\(shell) completion lacks \(c)") }
    }

    static func manPage() throws -> String {
        try String(contentsOf: FuzzRegressionTests.root.appendingPathComponent("Docs/ibkey.1"), encoding: .utf8)
    }

    @Test("the committed man page is current: every command and every option the binary knows (make docs)")
    func manPageCurrent() throws {
        let page = try Self.manPage()
        let dump = try #require(json(Sandbox().run(["--experimental-dump-help"]).stdout) as? [String: Any])
        var names: Set<String> = []
        func walk(_ command: [String: Any]) {
            if let name = command["commandName"] as? String { names.insert(name) }
            for argument in command["arguments"] as? [[String: Any]] ?? [] {
                for n in argument["names"] as? [[String: Any]] ?? [] where n["kind"] as? String == "long" {
                    names.insert("-" + (n["name"] as? String ?? ""))
                }
            }
            for sub in command["subcommands"] as? [[String: Any]] ?? [] { walk(sub) }
        }
        walk(try #require(dump["command"] as? [String: Any]))
        #expect(names.count > 50)
        for name in names.sorted() { #expect(page.contains(name), "man page lacks \(name): run make docs") }
    }

    @Test("the man page has ENVIRONMENT (every IBKEY_ variable the code reads), FILES, EXIT STATUS, EXAMPLES")
    func manPageSections() throws {
        let page = try Self.manPage()
        for section in [".Sh ENVIRONMENT", ".Sh FILES", ".Sh EXIT STATUS", ".Sh EXAMPLES"] {
            #expect(page.contains(section), "no \(section)")
        }
        let environment = try #require(page.components(separatedBy: ".Sh ENVIRONMENT").dropFirst().first?.components(separatedBy: ".Sh FILES").first)
        // Every variable a user can set: those the CLI reads (the fuzzer's own is not one).
        let sources = FuzzRegressionTests.root.appendingPathComponent("Sources/IBKeyCLI")
        var used: Set<String> = []
        for file in FileManager.default.enumerator(atPath: sources.path)?.compactMap({ $0 as? String }) ?? [] where file.hasSuffix(".swift") {
            let text = try String(contentsOf: sources.appendingPathComponent(file), encoding: .utf8)
            for m in text.matches(of: /"(IBKEY_[A-Z_]+)"/) { used.insert(String(m.1)) }
        }
        #expect(used.count >= 10)
        for variable in used.sorted() { #expect(environment.contains(variable), "ENVIRONMENT lacks \(variable)") }
        for row in ExitStatus.allCases { #expect(page.contains(".It \(row.rawValue)\n\(row.meaning)"), "EXIT STATUS lacks \(row.rawValue)") }
    }

    @Test("man -l Docs/ibkey.1 prints no warning", .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/groff")))
    func manPageWarnings() throws {
        let page = FuzzRegressionTests.root.appendingPathComponent("Docs/ibkey.1").path
        let r = Sandbox().run(["-mandoc", "-ww", "-z", page], executable: "/usr/bin/groff")
        #expect(r.status == 0 && r.stderr.isEmpty, "\(r.stderr)")
    }

    @Test("--help gives examples for scripts and CI")
    func examples() {
        let root = Sandbox().run(["--help"])
        #expect(root.stdout.contains("EXAMPLES") && root.stdout.contains("--pin-stdin -"))
        let issuer = Sandbox().run(["issuer", "--help"])
        #expect(issuer.stdout.contains("CI smoke test") && issuer.stdout.contains("issuer verify"))
    }
}
