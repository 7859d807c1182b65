import Foundation
import Testing
import IBKeyCore

/// `ibkey enroll`: the first enrollment creates the vault; later ones need
/// both PINs; every bad input leaves the vault as it was.
@Suite("enroll")
struct EnrollTests {
    @Test("enroll creates the vault 0600 in a 0700 folder and prints a registration code")
    func enroll() throws {
        let s = Sandbox()
        let r = s.run(["enroll", "--user", "alice", "-"] + Fixture.kdf, env: s.secrets, stdin: Reference.code() + "\n")
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.lines.count == 1 && r.out.allSatisfy { $0.isUppercase || $0.isNumber || $0 == "-" })
        // The PIN figures are a note, for a terminal only: no log keeps them (NotesTests).
        #expect(!r.stderr.contains("copies the vault"), "\(r.stderr)")
        var st = stat()
        stat(s.vault, &st); #expect(st.st_mode & 0o777 == 0o600)
        stat((s.vault as NSString).deletingLastPathComponent, &st); #expect(st.st_mode & 0o777 == 0o700)
    }

    @Test("a second enrollment needs the PIN and the recovery PIN")
    func secondEnrollment() {
        let s = enrolledSandbox()
        let code2 = Reference.code(.sha256, counter: 0)
        let noRec = s.run(["enroll", "--user", "bob", code2], env: ["IBKEY_PIN": Fixture.pin])
        #expect(noRec.status == 2 && noRec.stderr.contains("--recovery-pin-fd"), "\(noRec.stderr)")
        let wrongRec = s.run(["enroll", "--user", "bob", code2], env: ["IBKEY_PIN": Fixture.pin, "IBKEY_RECOVERY_PIN": "zz9#q"])
        #expect(wrongRec.status == 3, "\(wrongRec.stderr)")
        let ok = s.run(["enroll", "--user", "bob", code2], env: s.secrets)
        #expect(ok.status == 0, "\(ok.stderr)")
        #expect(ok.stderr.contains("visible to other users")) // code on the command line
        let dup = s.run(["enroll", "--user", "bob", code2], env: s.secrets)
        #expect(dup.status == 7)
    }

    @Test("mistyped activation codes exit 2 before anything is written")
    func activationCodes() {
        let s = Sandbox()
        let good = Reference.code()
        var chars = Array(good); chars[chars.count - 1] = chars.last == "A" ? "B" : "A"
        let cases = [(String(chars), "check failed"), (good + "AAAA", "wrong length"), ("AEAQ-0AAA", "bad character '0'"),
                     ("AIAQ" + good.dropFirst(4), "unknown version"), ("", "no code")]
        for (code, message) in cases {
            let r = s.run(["enroll", "--user", "alice", "-"] + Fixture.kdf, env: s.secrets, stdin: code + "\n")
            #expect(r.status == 2, "\(code): \(r.stderr)")
            #expect(r.stderr.contains("activation code mistyped") || code.isEmpty, "\(r.stderr)")
            #expect(r.stderr.contains(message), "\(message) not in \(r.stderr)")
            #expect(!FileManager.default.fileExists(atPath: s.vault))
        }
    }

    @Test("weak PINs are refused at creation (exit 2), nothing written")
    func weakPINs() {
        let s = Sandbox()
        for (pin, rec) in [("1234", "r7#Kq"), ("0000", "r7#Kq"), ("12", "r7#Kq"), (Fixture.pin, "1111"), (Fixture.pin, "r7#Kq123"), ("r7#Kq", "r7#Kq")] {
            let r = s.run(["enroll", "--user", "alice", "-"] + Fixture.kdf, env: ["IBKEY_PIN": pin, "IBKEY_RECOVERY_PIN": rec], stdin: Reference.code() + "\n")
            #expect(r.status == 2, "\(pin)/\(rec): \(r.stderr)")
            #expect(!FileManager.default.fileExists(atPath: s.vault))
        }
    }

    @Test("bad user names are usage errors")
    func names() {
        let s = Sandbox()
        for name in ["", String(repeating: "x", count: 65), "a\u{7}b", " lead"] {
            let r = s.run(["enroll", "--user", name, "-"] + Fixture.kdf, env: s.secrets, stdin: Reference.code() + "\n")
            #expect(r.status == 2, "'\(name)': \(r.stderr)")
        }
    }

    @Test("a correct recovery PIN at enroll clears earlier wrong recovery PINs")
    func recoveryAttemptsReset() throws {
        let s = enrolledSandbox()
        let code = Reference.code(.sha256, counter: 0)
        let wrong = s.run(["enroll", "--user", "bob", "-"], env: ["IBKEY_PIN": Fixture.pin, "IBKEY_RECOVERY_PIN": "zz9#q"], stdin: code + "\n")
        #expect(wrong.status == 3, "\(wrong.stderr)")
        #expect((json(s.run(["status", "--json"]).stdout) as? [String: Any])?["failed_recovery_attempts"] as? Int == 1)
        #expect(s.run(["enroll", "--user", "bob", "-"], env: s.secrets, stdin: code + "\n").status == 0)
        #expect((json(s.run(["status", "--json"]).stdout) as? [String: Any])?["failed_recovery_attempts"] as? Int == 0)
    }
}
