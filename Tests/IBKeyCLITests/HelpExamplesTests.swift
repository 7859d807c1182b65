import Foundation
import Testing

/// Every command shown as an example in `--help` (and so in the man page),
/// the README and the Docs runs here as written, in a sandbox prepared with
/// the files it names; only placeholders (N, NAME) are filled in. The docs'
/// `console` sessions run in DocExamplesTests and ReadmeTourTests.
@Suite("Examples in --help and the docs run")
struct HelpExamplesTests {
    /// A sandbox where `ibkey` is the built binary (with `--kdf test` added
    /// where a vault is created), alice is enrolled and active at the issuer,
    /// the PINs are in the environment, and the files the examples name exist.
    static func prepared() throws -> Sandbox {
        let s = DocExamplesTests.sandbox()
        s.env["PATH"] = (Binary.path as NSString).deletingLastPathComponent + ":/usr/bin:/bin"
        s.enrollActive("alice")
        s.file("pin.txt", Fixture.pin + "\n")
        s.env["PIN"] = Fixture.pin
        let examples = DocExamplesTests.root.appendingPathComponent("Docs/examples")
        let fixtures = DocExamplesTests.root.appendingPathComponent("Tests/IBKeyCoreTests/Fixtures/pskc/peers")
        for (name, source) in [("tokens.pskc", examples.appendingPathComponent("plain.pskc")),
                               ("ib-key-auth.json", examples.appendingPathComponent("ib-key-auth.json")),
                               ("vendor.pskc", fixtures.appendingPathComponent("multiotp-ocra-aes.pskcxml"))] {
            try FileManager.default.copyItem(at: source, to: URL(fileURLWithPath: s.path(name)))
        }
        s.file("psk.hex", "12345678901234567890123456789012\n")
        s.file("key", "3132333435363738393031323334353637383930\n")
        // import's TOTP examples: a screenshot, a file of links, a base32 secret.
        try FileManager.default.createDirectory(atPath: s.path("Pictures"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: examples.appendingPathComponent("totp-qr.png"), to: URL(fileURLWithPath: s.path("Pictures/qr.png")))
        try FileManager.default.copyItem(at: examples.appendingPathComponent("migration.txt"), to: URL(fileURLWithPath: s.path("accounts.txt")))
        s.file("totp.key", "JBSW Y3DP EHPK 3PXP\n")
        // A TOTP account beside alice, for `ibkey code` (respond still answers alice alone).
        s.addOTPAccounts([OTPFixtureAccount(name: "github", suite: "TOTP-SHA1-6-30", keyHex: OTPFixtureAccount.rfc6238Key("SHA1"), issuer: "GitHub")])
        return s
    }

    /// The script that `issuer --help` shows under the line starting with
    /// `heading` (after one blank line), checked to be the same lines as the
    /// first `sh` block under `docSection` of Docs/ISSUER.md.
    static func smokeScript(in help: String, after heading: String, docSection: String,
                            sourceLocation: SourceLocation = #_sourceLocation) throws -> [String] {
        let lines = help.components(separatedBy: "\n")
        let start = try #require(lines.firstIndex { $0.hasPrefix(heading) }, sourceLocation: sourceLocation)
        let script = lines[(start + 2)...].prefix { !$0.isEmpty }.map { $0.trimmingCharacters(in: .whitespaces) }
        let doc = try String(contentsOf: DocExamplesTests.root.appendingPathComponent("Docs/ISSUER.md"), encoding: .utf8)
        let block = try #require(doc.components(separatedBy: docSection).dropFirst().first?
            .components(separatedBy: "```sh\n").dropFirst().first?.components(separatedBy: "```").first, sourceLocation: sourceLocation)
        #expect(block.split(separator: "\n").map(String.init) == script, sourceLocation: sourceLocation)
        return script
    }

    /// Runs a script verbatim with `sh -e`: a fresh folder, nothing in the
    /// environment but PATH (the built binary first) and HOME.
    static func runVerbatim(_ script: [String], in s: Sandbox = Sandbox()) -> Run {
        s.env = ["PATH": (Binary.path as NSString).deletingLastPathComponent + ":/usr/bin:/bin", "HOME": s.dir]
        return s.run(["-e", "-c", "cd \(s.dir) && " + script.joined(separator: "\n")], executable: "/bin/sh")
    }

    /// Runs `command` with sh in the sandbox's folder.
    static func sh(_ s: Sandbox, _ command: String) -> Run {
        s.run(["-c", DocExamplesTests.preamble + "cd \(s.dir) && " + command], executable: "/bin/sh")
    }

    /// The lines of `text` that are examples: indented, starting with one of `starts`.
    static func exampleLines(_ text: String, starting starts: [String]) -> [String] {
        text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { line in starts.contains { line.hasPrefix($0) } }
    }

    @Test("issuer --help: the CI smoke test runs as written, and Docs/ISSUER.md holds the same script")
    func smokeTest() throws {
        let help = Sandbox().run(["issuer", "--help"]).stdout
        let script = try Self.smokeScript(in: help, after: "A CI smoke test", docSection: "## A CI smoke test")
        #expect(script.count == 8)
        let r = Self.runVerbatim(script)
        #expect(r.status == 0, "\(r.stdout)\n\(r.stderr)")
        // The script's status is the last command's: 'issuer verify' accepted the response.
        // Saying so is a note, for a terminal: the CI log keeps warnings only.
        #expect(NotesTests.notes(r.stderr).isEmpty, "\(r.stderr)")
    }

    @Test("ibkey --help: each example runs (the prompting ones on a terminal)")
    func rootExamples() throws {
        let help = Sandbox().run(["--help"]).stdout
        let examples = Self.exampleLines(help, starting: ["ibkey ", "printf "])
        #expect(examples.count == 8, "\(examples)")
        for line in examples {
            let command = TextLine.withoutComment(line)
            let s = try Self.prepared()
            if command == "ibkey enroll --user alice" {
                // Prompts: a fresh vault, and a code from the issuer.
                let fresh = Sandbox()
                let code = fresh.run(["issuer", "init"]).status == 0 ? fresh.run(["issuer", "add-user", "alice"]).out : ""
                let r = try PTY.session(fresh, args: ["-c", DocExamplesTests.preamble + command], steps: [
                    ["expect", "Activation code: "], ["send", code + "\n"],
                    ["expect", "New PIN: "], ["send", Fixture.pin + "\n"], ["expect", "Repeat PIN: "], ["send", Fixture.pin + "\n"],
                    ["expect", "New recovery PIN: "], ["send", Fixture.recovery + "\n"],
                    ["expect", "Repeat recovery PIN: "], ["send", Fixture.recovery + "\n"],
                ], executable: "/bin/sh")
                #expect(r.status == 0, "\(line): \(r.screen)")
            } else if command == "ibkey respond 123456" {
                var env = s.env
                env.removeValue(forKey: "IBKEY_PIN")
                s.env = env
                let r = try PTY.session(s, args: ["-c", DocExamplesTests.preamble + command],
                                        steps: [["expect", "PIN: "], ["send", Fixture.pin + "\n"]], executable: "/bin/sh")
                let response = r.screen.range(of: #"(?m)^\d{8}\r?$"#, options: .regularExpression)
                #expect(r.status == 0 && response != nil, "\(line): \(r.screen)")
            } else {
                let fresh = command.hasPrefix("ibkey issuer add-user") ? Sandbox() : s
                if fresh !== s { #expect(fresh.run(["issuer", "init"]).status == 0) }
                fresh.env["PATH"] = s.env["PATH"]
                let r = command.contains(" - ") || command.hasSuffix(" -") ? s.run(["-c", DocExamplesTests.preamble + "cd \(s.dir) && " + command],
                                                                                   stdin: "123456\n", executable: "/bin/sh")
                                                                           : Self.sh(fresh, command)
                #expect(r.status == 0, "\(line): \(r.stdout) \(r.stderr)")
            }
        }
    }

    @Test("import, export and restore --help: each example runs", arguments: ["import", "export", "restore"])
    func commandExamples(_ name: String) throws {
        let help = Sandbox().run([name, "--help"]).stdout
        let examples = Self.exampleLines(help, starting: ["ibkey ", "yes "])
        #expect(!examples.isEmpty)
        let s = try Self.prepared() // holds the TOTP account "github" that export's examples name
        for line in examples {
            let command = line.replacingOccurrences(of: "head -n N", with: "head -n 3").replacingOccurrences(of: "--user NAME", with: "--user alice")
            if command.contains("--qr") {
                // Draws on a terminal only.
                let r = try PTY.session(s, args: ["-c", DocExamplesTests.preamble + "cd \(s.dir) && " + command], steps: [], executable: "/bin/sh")
                #expect(r.status == 0, "\(name) --help: \(line): \(r.screen)")
                continue
            }
            let r = Self.sh(s, command)
            #expect(r.status == 0, "\(name) --help: \(line): \(r.stdout)")
        }
    }

    @Test("README 'Scripts and CI' and Docs/VAULT.md's skip: run as written")
    func readmeAndVault() throws {
        let s = try Self.prepared()
        try FileManager.default.createDirectory(atPath: s.path(".config/ibkey"), withIntermediateDirectories: true)
        s.file(".config/ibkey/pin", Fixture.pin + "\n")
        let readme = try String(contentsOf: DocExamplesTests.root.appendingPathComponent("README.md"), encoding: .utf8)
        let block = try #require(readme.components(separatedBy: "### Scripts and CI").dropFirst().first?
            .components(separatedBy: "```sh\n").dropFirst().first?.components(separatedBy: "```").first)
        for line in block.split(separator: "\n").map(String.init) {
            let r = Self.sh(s, line)
            #expect(r.status == 0 && r.stdout.split(separator: "\n").allSatisfy { $0.count == 8 }, "\(line): \(r.stdout)")
        }
        let vault = try String(contentsOf: DocExamplesTests.root.appendingPathComponent("Docs/VAULT.md"), encoding: .utf8)
        let skip = try #require(vault.range(of: #"`yes 000000[^`]*`"#, options: .regularExpression).map { String(vault[$0].dropFirst().dropLast()) })
        let r = Self.sh(s, skip.replacingOccurrences(of: "NAME", with: "alice"))
        #expect(r.status == 0, "\(skip): \(r.stdout)")
        #expect(s.run(["users", "--json"], env: s.secrets).status == 0)
    }
}

/// Text helpers for example lines.
enum TextLine {
    /// A line without its trailing `   # comment`.
    static func withoutComment(_ s: String) -> String {
        guard let r = s.range(of: #"\s{2,}# .*$"#, options: .regularExpression) else { return s }
        return String(s[..<r.lowerBound])
    }
}

extension HelpExamplesTests {
    /// Every command, as `ibkey help` lists them.
    static let commandPaths: [[String]] = [
        [], ["enroll"], ["import"], ["export"], ["respond"], ["code"], ["users"], ["remove"], ["status"],
        ["pin"], ["pin", "change"], ["pin", "reset"], ["recovery-pin"], ["recovery-pin", "change"],
        ["backup"], ["restore"], ["reset"], ["selftest"],
        ["issuer"], ["issuer", "init"], ["issuer", "add-user"], ["issuer", "activate"], ["issuer", "challenge"],
        ["issuer", "verify"], ["issuer", "users"], ["issuer", "remove"],
    ]

    @Test("--help at 80 columns: no example or script line is wrapped (a wrapped one starts at column 0)")
    func noWrappedExamples() {
        let s = Sandbox()
        for path in Self.commandPaths {
            let help = s.run(path + ["--help"], env: ["COLUMNS": "80"]).stdout
            let lines = help.components(separatedBy: "\n")
            for (i, line) in lines.enumerated() where i > 0 {
                let previous = lines[i - 1]
                // An indented command line followed by an unindented, non-empty one: the command was cut.
                if previous.hasPrefix("  ") && previous.trimmingCharacters(in: .whitespaces).hasPrefix("ibkey ")
                    && !line.isEmpty && !line.hasPrefix(" ") && !line.hasSuffix(":") && !line.hasPrefix("USAGE") {
                    Issue.record("\(path.joined(separator: " ")) --help: '\(previous)' wraps into '\(line)'")
                }
            }
        }
    }
}
