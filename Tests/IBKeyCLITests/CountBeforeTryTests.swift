import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Security round 3, finding 2 (Docs/VAULT.md, "Failed attempts"): a wrong
/// PIN is counted on disk before the key derivation's result is used, so a
/// write that fails stops the command before the PIN is tried. On ibkey 0.3
/// the outcome still differed under `ulimit -f 0` (exit 70 for a wrong PIN,
/// a response for the right one) while nothing was ever counted.
@Suite("Attempts counted before they are tried")
struct CountBeforeTryTests {
    /// ibkey under `ulimit -f 0`: no write may change a file.
    func limited(_ s: Sandbox, _ args: [String], env: [String: String]) -> Run { s.runUnderFileLimit(args, env: env) }

    func attempts(_ s: Sandbox) -> (Int, Int) {
        let st = json(s.run(["status", "--json"]).stdout) as? [String: Any]
        return (st?["failed_pin_attempts"] as? Int ?? -1, st?["failed_recovery_attempts"] as? Int ?? -1)
    }

    @Test("when an attempt cannot be counted, the PIN is not tried: a right and a wrong PIN get the same answer")
    func noAnswerWithoutCount() throws {
        let s = Sandbox()
        s.enrollActive("bob", suite: 4) // no counter: a response needs no write of its own
        let before = s.bytes(s.vault)
        var outcomes = Set<String>()
        for pin in Array(repeating: "0000-x", count: 12) + [Fixture.pin] {
            let r = limited(s, ["respond", "123456"], env: ["IBKEY_PIN": pin])
            #expect(r.status == 70 && r.stdout.isEmpty, "PIN \(pin): \(r.status) \(r.stdout) \(r.stderr)")
            outcomes.insert("\(r.status) \(r.stderr)")
        }
        #expect(outcomes.count == 1, "the answers differ: \(outcomes)")
        #expect(outcomes.first?.contains("the PIN was not tried") == true, "\(outcomes)")
        #expect(s.bytes(s.vault) == before)
        // Without the limit, counting works and the right PIN answers.
        #expect(s.run(["respond", "123456"], env: ["IBKEY_PIN": "0000-x"]).status == 3)
        #expect(attempts(s) == (1, 0))
        #expect(s.run(["respond", "123456"], env: s.secrets).status == 0)
        #expect(attempts(s) == (0, 0))
    }

    @Test("the recovery PIN too: pin reset tries nothing it cannot count")
    func recoveryPIN() throws {
        let s = Sandbox()
        s.enrollActive("bob", suite: 4)
        let before = s.bytes(s.vault)
        var outcomes = Set<String>()
        for rec in ["x9#Qw", "x9#Qe", Fixture.recovery] {
            let r = limited(s, ["pin", "reset"], env: ["IBKEY_RECOVERY_PIN": rec, "IBKEY_NEW_PIN": "6081-x"])
            #expect(r.status == 70, "\(rec): \(r.status) \(r.stderr)")
            outcomes.insert("\(r.status) \(r.stderr)")
        }
        #expect(outcomes.count == 1, "the answers differ: \(outcomes)")
        #expect(s.bytes(s.vault) == before)
        #expect(s.run(["pin", "reset"], env: ["IBKEY_RECOVERY_PIN": "x9#Qw", "IBKEY_NEW_PIN": "6081-x"]).status == 3)
        #expect(attempts(s) == (0, 1))
    }

    /// Whole writes fail in a folder that cannot be written; the attempt cells
    /// are overwritten in place, so attempts are still counted. (Root writes
    /// anyway, so this runs for other users only, and is reported as skipped under root.)
    @Test("a read-only folder: attempts are still counted in place", .enabled(if: getuid() != 0, "root writes anyway"))
    func readOnlyFolder() throws {
        let s = Sandbox()
        s.enrollActive("bob", suite: 4)
        let folder = (s.vault as NSString).deletingLastPathComponent
        chmod(folder, 0o500)
        defer { chmod(folder, 0o700) }
        for n in 1...3 {
            #expect(s.run(["respond", "123456"], env: ["IBKEY_PIN": "0000-x"]).status == 3)
            #expect(attempts(s).0 == n)
        }
        #expect(s.run(["respond", "123456"], env: s.secrets).status == 0)
        #expect(attempts(s) == (0, 0))
    }
}
