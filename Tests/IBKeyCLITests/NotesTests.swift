import Foundation
import Testing

/// Notes (what was done, PIN figures, advice) are for a person at a terminal:
/// without one, logs keep only warnings and errors; `--quiet` silences notes
/// on a terminal too (Docs/README.md, "Messages").
@Suite("Notes only on a terminal; --quiet")
struct NotesTests {
    /// Every stderr line that is not a warning, an error or its hint.
    static func notes(_ text: String) -> [String] {
        text.replacingOccurrences(of: "\r", with: "").split(separator: "\n").map(String.init).filter {
            !$0.hasPrefix("ibkey: warning: ") && !$0.hasPrefix("ibkey: error: ") && !$0.hasPrefix("hint: ")
        }
    }

    @Test("without a terminal: no note lines, from enrollment to a PIN change; warnings still")
    func noNotesInLogs() {
        let s = Sandbox()
        _ = s.run(["issuer", "init"])
        let add = s.run(["issuer", "add-user", "alice"])
        #expect(add.status == 0 && Self.notes(add.stderr).isEmpty, "\(add.stderr)")
        let enroll = s.run(["enroll", "--user", "alice", "-"] + Fixture.kdf, env: s.secrets, stdin: add.out + "\n")
        #expect(enroll.status == 0)
        #expect(Self.notes(enroll.stderr).isEmpty, "notes in a log: \(enroll.stderr)")
        #expect(!enroll.stderr.contains("alphabet"), "PIN figures in a log: \(enroll.stderr)")
        #expect(enroll.stderr.contains("ibkey: warning: KDF level 'test'"), "\(enroll.stderr)")
        let act = s.run(["issuer", "activate", "alice", enroll.out])
        #expect(act.status == 0 && act.stderr.isEmpty, "\(act.stderr)")
        let change = s.run(["pin", "change"], env: s.secrets.merging(["IBKEY_NEW_PIN": "7193-k"]) { $1 })
        #expect(change.status == 0 && Self.notes(change.stderr).isEmpty, "\(change.stderr)")
        let remove = s.run(["remove", "--user", "alice"], env: ["IBKEY_PIN": "7193-k"])
        #expect(remove.status == 0 && remove.stderr.isEmpty, "\(remove.stderr)")
    }

    @Test("an error is one line and a hint, and nothing else, without a terminal")
    func errorsAlone() {
        let s = enrolledSandbox()
        let r = s.run(["respond", "708362"], env: ["IBKEY_PIN": "5931-q"])
        #expect(r.status == 3)
        #expect(r.stderr == "ibkey: error: wrong PIN (9 attempts left before the vault is blocked)\n", "\(r.stderr)")
    }

    @Test("on a terminal, notes are shown; --quiet and -q remove them, and warnings stay",
          .enabled(if: PTY.python != nil), arguments: [[], ["--quiet"], ["-q"]])
    func onTerminal(quiet: [String]) throws {
        let s = Sandbox()
        let r = try PTY.session(s, args: ["enroll", "--user", "alice", "--kdf", "test"] + quiet + [Reference.code()], steps: [],
                                env: s.secrets)
        #expect(r.ok && r.status == 0, "\(r.screen)")
        let noteLines = ["ibkey: created vault", "ibkey: note: your PIN has", "ibkey: note: your recovery PIN has",
                         "ibkey: note: the registration code carries", "ibkey: enrolled 'alice'"]
        for line in noteLines {
            #expect(r.screen.contains(line) == quiet.isEmpty, "'\(line)' with \(quiet): \(r.screen)")
        }
        #expect(r.screen.contains("ibkey: warning: KDF level 'test'"), "\(r.screen)")
        #expect(r.screen.contains("ibkey: warning: an activation code on the command line"), "\(r.screen)")
    }

    @Test("--quiet on the issuer's commands and on respond (the generic parser)", .enabled(if: PTY.python != nil))
    func quietEverywhere() throws {
        let s = Sandbox()
        let loud = try PTY.session(s, args: ["issuer", "init"], steps: [])
        #expect(loud.status == 0 && loud.screen.contains("ibkey: created issuer store"), "\(loud.screen)")
        let quiet = try PTY.session(s, args: ["issuer", "add-user", "-q", "alice"], steps: [])
        #expect(quiet.status == 0 && !quiet.screen.contains("ibkey:"), "\(quiet.screen)")
        let help = s.run(["respond", "--help"]).stdout
        #expect(help.contains("-q, --quiet"), "\(help)")
        let e = enrolledSandbox()
        let respond = e.run(["respond", "-q", "708362"], env: e.secrets)
        #expect(respond.status == 0 && respond.stderr.isEmpty, "\(respond.stderr)")
    }
}
