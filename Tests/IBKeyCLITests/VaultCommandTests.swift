import Foundation
import Testing
import IBKeyCore

func json(_ s: String) -> Any? { try? JSONSerialization.jsonObject(with: Data(s.utf8)) }

/// A sandbox with one user enrolled from the reference code (key of the first
/// IB Key vector, counter 1).
func enrolledSandbox(users: [String] = ["alice"]) -> Sandbox {
    let s = Sandbox()
    for (i, u) in users.enumerated() {
        let code = i == 0 ? Reference.code() : Reference.code(counter: UInt32(100 * i), keyHex: String(repeating: "1\(i % 10)", count: 20))
        let r = s.run(["enroll", "--user", u, "-"] + Fixture.kdf, env: s.secrets, stdin: code + "\n")
        #expect(r.status == 0, "enroll \(u): \(r.stderr)")
    }
    return s
}

@Suite("Vault commands: the success paths")
struct VaultCommandTests {
    @Test("enroll creates the vault 0600 in a 0700 folder and prints a registration code")
    func enroll() throws {
        let s = Sandbox()
        let r = s.run(["enroll", "--user", "alice", "-"] + Fixture.kdf, env: s.secrets, stdin: Reference.code() + "\n")
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.lines.count == 1 && r.out.allSatisfy { $0.isUppercase || $0.isNumber || $0 == "-" })
        #expect(r.stderr.contains("offline") || r.stderr.contains("copies the vault"))
        var st = stat()
        stat(s.vault, &st); #expect(st.st_mode & 0o777 == 0o600)
        stat((s.vault as NSString).deletingLastPathComponent, &st); #expect(st.st_mode & 0o777 == 0o700)
    }

    @Test("respond prints exactly the response and a newline, and advances the counter")
    func respond() throws {
        let s = enrolledSandbox()
        let r1 = s.run(["respond", "708362"], env: s.secrets)
        #expect(r1.status == 0, "\(r1.stderr)")
        #expect(r1.stdout == (try Reference.response("708362", counter: 1)) + "\n")
        let r2 = s.run(["respond", "708 362"], env: s.secrets)
        #expect(r2.stdout == (try Reference.response("708362", counter: 2)) + "\n")
        let r3 = s.run(["respond", "708-362", "--json"], env: s.secrets)
        let obj = json(r3.stdout) as? [String: Any]
        #expect(obj?["response"] as? String == (try Reference.response("708362", counter: 3)))
        #expect(obj?["counter"] as? Int == 3)
        #expect(obj?["user"] as? String == "alice")
    }

    @Test("PIN sources: fd, file, stdin, environment")
    func pinSources() throws {
        let s = enrolledSandbox()
        let noEnv = ["IBKEY_PIN": ""]
        let fd = s.run(["respond", "--pin-fd", "3", "123456"], env: noEnv, fds: [3: Fixture.pin + "\n"])
        #expect(fd.status == 0, "\(fd.stderr)")
        let file = s.file("pin.txt", Fixture.pin + "\n")
        let f = s.run(["respond", "--pin-file", file, "123456"])
        #expect(f.status == 0, "\(f.stderr)")
        let st = s.run(["respond", "--pin-stdin", "123456"], stdin: Fixture.pin + "\n")
        #expect(st.status == 0, "\(st.stderr)")
        let env = s.run(["respond", "123456"], env: ["IBKEY_PIN": Fixture.pin])
        #expect(env.status == 0, "\(env.stderr)")
        #expect(Set([fd.out, f.out, st.out, env.out]).count == 4) // four counters, four responses
        // The fd beats the environment: a wrong env PIN is not used.
        let order = s.run(["respond", "--pin-fd", "3", "123456"], env: ["IBKEY_PIN": "9999"], fds: [3: Fixture.pin])
        #expect(order.status == 0, "\(order.stderr)")
    }

    @Test("batch: one response per line after one unlock")
    func batch() throws {
        let s = enrolledSandbox()
        let challenges = (0..<200).map { String(format: "%06d", ($0 * 7919) % 1_000_000) }
        let r = s.run(["respond", "--pin-stdin", "-"], stdin: ([Fixture.pin] + challenges).joined(separator: "\n") + "\n")
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.lines.count == 200)
        for (i, c) in challenges.enumerated() {
            #expect(r.lines[i] == (try Reference.response(c, counter: UInt64(1 + i))))
        }
        // The next single response continues after the batch.
        let next = s.run(["respond", "111111"], env: s.secrets)
        #expect(next.out == (try Reference.response("111111", counter: 201)))
    }

    @Test("users, --json, status and remove")
    func usersStatusRemove() throws {
        let s = enrolledSandbox(users: ["alice", "bob"])
        let u = s.run(["users"])
        #expect(u.status == 0 && u.stdout.contains("alice") && u.stdout.contains("bob"))
        let uj = json(s.run(["users", "--json"]).stdout) as? [[String: Any]]
        #expect(uj?.map { $0["name"] as? String } == ["alice", "bob"])
        #expect(uj?.first?["suite"] as? String == "OCRA-1:HOTP-SHA1-8:C-QN06-PSHA1")
        #expect(uj?.first?.keys.contains("key") == false)
        let st = json(s.run(["status", "--json"]).stdout) as? [String: Any]
        #expect(st?["exists"] as? Bool == true && st?["users"] as? Int == 2)
        #expect(st?["failed_pin_attempts"] as? Int == 0 && st?["blocked"] as? Bool == false)
        #expect(st?["kdf_level"] as? String == "test" && st?["format_version"] as? Int == 2)
        let rm = s.run(["remove", "--user", "bob"], env: s.secrets)
        #expect(rm.status == 0, "\(rm.stderr)")
        #expect(json(s.run(["users", "--json"]).stdout).map { ($0 as? [Any])?.count } == 1)
        // With one user left, --user may be omitted.
        #expect(s.run(["respond", "123456"], env: s.secrets).status == 0)
    }

    @Test("status of a missing vault; reset --yes deletes the vault")
    func statusAndReset() {
        let s = enrolledSandbox()
        #expect(s.run(["reset"]).status == 2) // no terminal, no --yes
        #expect(FileManager.default.fileExists(atPath: s.vault))
        #expect(s.run(["reset", "--yes"]).status == 0)
        #expect(!FileManager.default.fileExists(atPath: s.vault))
        let st = json(s.run(["status", "--json"]).stdout) as? [String: Any]
        #expect(st?["exists"] as? Bool == false)
        #expect(s.run(["reset", "--yes"]).status == 5)
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
}

@Suite("Vault commands: edges")
struct VaultEdgeTests {
    @Test("a vault whose last user was removed says so (exit 5) and takes a new enrollment")
    func emptyVault() {
        let s = enrolledSandbox()
        #expect(s.run(["remove", "--user", "alice"], env: s.secrets).status == 0)
        let r = s.run(["respond", "123456"], env: s.secrets)
        #expect(r.status == 5 && r.stderr.contains("no users are enrolled"), "\(r.stderr)")
        let again = s.run(["enroll", "--user", "bob", "--kdf", "sensitive", "-"], env: s.secrets, stdin: Reference.code() + "\n")
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.stderr.contains("--kdf applies when a vault is created"))
        #expect((json(s.run(["status", "--json"]).stdout) as? [String: Any])?["kdf_level"] as? String == "test")
    }
}
