import Foundation
import Testing

@Suite("ibkey binary: selftest, help, version")
struct BasicCLITests {
    @Test("selftest exits 0 and counts its tests")
    func selftest() {
        let r = Sandbox().run(["selftest"])
        #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
        #expect(r.stdout.contains("0 failed"))
        let j = Sandbox().run(["selftest", "--json"])
        let obj = try? JSONSerialization.jsonObject(with: Data(j.stdout.utf8)) as? [String: Any]
        #expect((obj?["failed"] as? Int) == 0)
        #expect(((obj?["passed"] as? Int) ?? 0) >= 70)
        // RFC 4226 Appendix D and RFC 6238 Appendix B (18: three hashes at six times), said in the abstract too.
        let names = ((obj?["tests"] as? [[String: Any]]) ?? []).compactMap { $0["name"] as? String }
        #expect(names.filter { $0.hasPrefix("RFC 4226 HOTP") }.count == 10)
        #expect(names.filter { $0.hasPrefix("RFC 6238 TOTP-") }.count == 18, "\(names)")
        #expect(names.contains("RFC 6238 TOTP-SHA512-8-30 at 20000000000"))
        #expect(Sandbox().run(["selftest", "--help"]).stdout.contains("RFC 6238 TOTP"))
    }

    @Test("--help lists the commands")
    func help() {
        let r = Sandbox().run(["--help"])
        #expect(r.status == 0)
        for cmd in ["enroll", "respond", "code", "users", "remove", "status", "pin", "recovery-pin", "backup", "restore", "reset", "selftest", "issuer"] {
            #expect(r.stdout.contains("  \(cmd)"), "missing command \(cmd)")
        }
    }

    @Test("'ibkey -h respond' and 'ibkey --help issuer verify' show that command's help, as 'ibkey help …' does",
          arguments: [["respond"], ["issuer", "verify"], ["pin", "change"]])
    func helpBeforeCommand(_ path: [String]) {
        let s = Sandbox()
        let expected = s.run(["help"] + path)
        #expect(expected.status == 0 && expected.stdout.hasPrefix("OVERVIEW: "))
        for flag in ["-h", "--help"] {
            let r = s.run([flag] + path)
            #expect(r.status == 0 && r.stdout == expected.stdout, "\(flag) \(path): \(r.stdout)")
        }
        #expect(s.run(path + ["-h"]).stdout == expected.stdout)
    }

    @Test("bare 'ibkey' (and a bare command group) prints its usage on stderr and exits 2")
    func bare() {
        let s = Sandbox()
        let help = s.run(["--help"])
        let r = s.run([])
        #expect(r.status == 2 && r.stdout.isEmpty)
        #expect(r.stderr == help.stdout, "\(r.stderr)")
        #expect(r.stderr.contains("USAGE: ibkey ") && r.stderr.contains("SUBCOMMANDS:"))
        let issuer = s.run(["issuer"])
        #expect(issuer.status == 2 && issuer.stdout.isEmpty && issuer.stderr == s.run(["issuer", "--help"]).stdout)
    }

    @Test("--version prints the version; it is the root's option only, and after a command an error")
    func version() {
        let s = Sandbox()
        let r = s.run(["--version"])
        #expect(r.status == 0 && r.out.split(separator: ".").count == 3)
        #expect(s.run(["--help"]).stdout.contains("  --version "))
        for path in HelpExamplesTests.commandPaths where !path.isEmpty {
            #expect(!s.run(path + ["--help"]).stdout.contains("--version"), "\(path) --help lists --version")
        }
        for args in [["respond", "--version"], ["respond", "--version", "123456"], ["issuer", "users", "--version"]] {
            let e = s.run(args)
            #expect(e.status == 2 && e.stdout.isEmpty, "\(args): \(e.status) \(e.stdout)")
            #expect(e.stderr == "ibkey: error: unknown option '--version' for 'ibkey \(args[0] == "issuer" ? "issuer users" : args[0])'\n"
                + "hint: the version is 'ibkey --version'\n", "\(e.stderr)")
        }
    }

    @Test("--kdf's levels and default are listed once in each command's help", arguments: ["enroll", "import", "backup", "restore"])
    func kdfOnce(_ command: String) {
        let help = Sandbox().run([command, "--help"]).stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(help.components(separatedBy: "interactive").count == 2, "\(help)")
        let entry = help.components(separatedBy: "--kdf <kdf> ").last?.components(separatedBy: " --").first ?? ""
        #expect(entry.contains("(values: test, interactive, moderate, sensitive"), "\(entry)")
        #expect(entry.components(separatedBy: "default").count == 2, "\(entry)")
    }

    @Test("unknown options and commands are usage errors (exit 2), one line plus a hint")
    func usageErrors() {
        for args in [["frobnicate"], ["respond", "--bogus"], ["enroll"], ["issuer", "add-user", "x", "--suite", "9"]] {
            let r = Sandbox().run(args)
            #expect(r.status == 2, "\(args): \(r.status) \(r.stderr)")
            #expect(r.stderr.hasPrefix("ibkey: error: "), "\(r.stderr)")
            #expect(r.stderr.split(separator: "\n").count <= 2)
            #expect(r.stdout.isEmpty)
        }
    }
}
