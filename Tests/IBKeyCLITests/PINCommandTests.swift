import Foundation
import Testing
import IBKeyCore

/// `ibkey pin change`, `pin reset` and `recovery-pin change`.
@Suite("pin and recovery-pin")
struct PINCommandTests {
    @Test("PIN suites still verify after the vault PIN changes")
    func pinChange() {
        let s = Sandbox()
        s.enrollActive("alice", suite: 1)
        let change = s.run(["pin", "change"], env: s.secrets.merging(["IBKEY_NEW_PIN": "6081-x"]) { $1 })
        #expect(change.status == 0, "\(change.stderr)")
        #expect(s.run(["respond", "123456"], env: s.secrets).status == 3) // old PIN
        let q = s.run(["issuer", "challenge", "alice"]).out
        let r = s.run(["respond", q], env: ["IBKEY_PIN": "6081-x"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(s.run(["issuer", "verify", "alice", r.out]).status == 0)
    }

    @Test("forgotten PIN: pin reset with the recovery PIN")
    func pinReset() {
        let s = enrolledSandbox()
        let r = s.run(["pin", "reset"], env: ["IBKEY_RECOVERY_PIN": Fixture.recovery, "IBKEY_NEW_PIN": "6081-x"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(s.run(["respond", "123456"], env: ["IBKEY_PIN": "6081-x"]).status == 0)
        let wrong = s.run(["pin", "reset"], env: ["IBKEY_RECOVERY_PIN": "zz9#q", "IBKEY_NEW_PIN": "6081-y"])
        #expect(wrong.status == 3)
    }

    @Test("10 wrong PINs block; pin reset unblocks")
    func unblock() {
        let s = enrolledSandbox()
        for _ in 0..<10 { _ = s.run(["respond", "123456"], env: ["IBKEY_PIN": "7777-x"]) }
        #expect(s.run(["respond", "123456"], env: s.secrets).status == 4)
        #expect(s.run(["pin", "reset"], env: ["IBKEY_RECOVERY_PIN": Fixture.recovery, "IBKEY_NEW_PIN": "6081-x"]).status == 0)
        #expect(s.run(["respond", "123456"], env: ["IBKEY_PIN": "6081-x"]).status == 0)
    }

    @Test("recovery PIN change, and its rules")
    func recoveryChange() {
        let s = enrolledSandbox()
        let base = ["IBKEY_PIN": Fixture.pin, "IBKEY_RECOVERY_PIN": Fixture.recovery]
        #expect(s.run(["recovery-pin", "change"], env: base.merging(["IBKEY_NEW_PIN": Fixture.pin]) { $1 }).status == 2)
        #expect(s.run(["recovery-pin", "change"], env: base.merging(["IBKEY_NEW_PIN": "1111"]) { $1 }).status == 2)
        #expect(s.run(["recovery-pin", "change"], env: base.merging(["IBKEY_NEW_PIN": "q8!Zt"]) { $1 }).status == 0)
        #expect(s.run(["pin", "reset"], env: ["IBKEY_RECOVERY_PIN": "q8!Zt", "IBKEY_NEW_PIN": "6081-x"]).status == 0)
        // Where both are known, the new PIN may not equal the recovery PIN.
        let reset = s.run(["pin", "reset"], env: ["IBKEY_RECOVERY_PIN": "q8!Zt", "IBKEY_NEW_PIN": "q8!Zt"])
        #expect(reset.status == 2 && reset.stderr.contains("must differ"), "\(reset.stderr)")
    }

    @Test("pin change does not try the new PIN on the recovery slot: no answer tells whether it is the recovery PIN")
    func noRecoveryOracle() {
        let s = enrolledSandbox()
        let r = s.run(["pin", "change"], env: ["IBKEY_PIN": Fixture.pin, "IBKEY_NEW_PIN": Fixture.recovery])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(s.run(["respond", "123456"], env: ["IBKEY_PIN": Fixture.recovery]).status == 0)
        // The recovery PIN is unchanged, and was never counted as a wrong one.
        let status = json(s.run(["status", "--json"]).stdout) as? [String: Any]
        #expect(status?["failed_recovery_attempts"] as? Int == 0)
        #expect(s.run(["pin", "reset"], env: ["IBKEY_RECOVERY_PIN": Fixture.recovery, "IBKEY_NEW_PIN": "6081-x"]).status == 0)
    }

    @Test("a new PIN or recovery PIN equal to the old one is refused (exit 2), and nothing is written")
    func sameAsOld() {
        let s = enrolledSandbox()
        let before = s.bytes(s.vault)
        let pin = s.run(["pin", "change"], env: ["IBKEY_PIN": Fixture.pin, "IBKEY_NEW_PIN": Fixture.pin])
        #expect(pin.status == 2, "\(pin.stderr)")
        #expect(pin.stderr == "ibkey: error: the new PIN is the same as the old one\n", "\(pin.stderr)")
        let recovery = s.run(["recovery-pin", "change"], env: s.secrets.merging(["IBKEY_NEW_PIN": Fixture.recovery]) { $1 })
        #expect(recovery.status == 2, "\(recovery.stderr)")
        #expect(recovery.stderr == "ibkey: error: the new recovery PIN is the same as the old one\n", "\(recovery.stderr)")
        #expect(s.bytes(s.vault) == before)
    }
}
