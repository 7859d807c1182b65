import Foundation
import Testing

/// The finish users expect: completions, the man page, help examples.
@Suite("Man page, completions, help")
struct FinishTests {
    static let commands = ["enroll", "import", "export", "respond", "users", "remove", "status", "pin", "recovery-pin",
                           "backup", "restore", "reset", "selftest", "issuer"]

    @Test("bash, zsh and fish completions name every command", arguments: ["bash", "zsh", "fish"])
    func completions(_ shell: String) {
        let r = Sandbox().run(["--generate-completion-script", shell])
        #expect(r.status == 0)
        for c in Self.commands { #expect(r.stdout.contains(c), "\(shell) completion lacks \(c)") }
    }

    @Test("the committed man page is current: every command, option group and exit code")
    func manPage() throws {
        let page = try String(contentsOf: FuzzRegressionTests.root.appendingPathComponent("Docs/ibkey.1"), encoding: .utf8)
        for c in Self.commands { #expect(page.contains(c), "man page lacks \(c)") }
        for o in ["pin-fd", "recovery-pin-file", "new-pin-fd", "pin-stdin", "kdf", "EXIT CODES"] {
            #expect(page.contains(o), "man page lacks \(o)")
        }
    }

    @Test("--help gives examples for scripts and CI")
    func examples() {
        let root = Sandbox().run(["--help"])
        #expect(root.stdout.contains("EXAMPLES") && root.stdout.contains("--pin-stdin -"))
        let issuer = Sandbox().run(["issuer", "--help"])
        #expect(issuer.stdout.contains("CI smoke test") && issuer.stdout.contains("issuer verify"))
    }
}
