import Foundation
import Testing
import IBKeyCore

/// The commands that read or remove without changing secrets: `users`,
/// `status`, `remove`, `reset`.
@Suite("users, status, remove, reset")
struct UsersStatusTests {
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
        #expect(st?["kdf_level"] as? String == "test" && st?["format_version"] as? Int == 4)
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
}
