import Foundation
import Testing
import IBKeyCore

/// New data keys at every PIN change (Docs/VAULT.md, "New data keys") and the
/// token PIN (Docs/THREAT-MODEL.md, "The P input"), from the command line.
@Suite("Key changes and the token PIN")
struct KeyChangeTests {
    /// Bytes 15..<113 of a format-3 vault: its PIN slot.
    static let pinSlot = 15..<(15 + 98)

    func fixHeaderChecksum(_ b: inout [UInt8]) {
        let f = Int(b[10]) << 24 | Int(b[11]) << 16 | Int(b[12]) << 8 | Int(b[13])
        b.replaceSubrange(f..<(f + 32), with: BLAKE2b.hash(Array(b[0..<f])))
    }

    @Test("after pin change, the old PIN slot grafted into the vault opens no user (exit 6), the new PIN all")
    func graftedOldSlot() throws {
        let s = enrolledSandbox(users: ["alice", "bob"])
        let old = s.bytes(s.vault)
        let change = s.run(["pin", "change"], env: s.secrets.merging(["IBKEY_NEW_PIN": "6081-x"]) { $1 })
        #expect(change.status == 0, "\(change.stderr)")
        let carol = s.run(["enroll", "--user", "carol", "-"], env: ["IBKEY_PIN": "6081-x", "IBKEY_RECOVERY_PIN": Fixture.recovery],
                          stdin: Reference.code(.sha256NoCounter, counter: 0) + "\n")
        #expect(carol.status == 0, "\(carol.stderr)")
        var grafted = s.bytes(s.vault)
        grafted.replaceSubrange(Self.pinSlot, with: old[Self.pinSlot])
        fixHeaderChecksum(&grafted)
        try Data(grafted).write(to: URL(fileURLWithPath: s.vault))
        for user in ["alice", "bob", "carol"] {
            let r = s.run(["respond", "--user", user, "123456"], env: ["IBKEY_PIN": Fixture.pin])
            #expect(r.status == 6 && r.stdout.isEmpty, "\(user): \(r.status) \(r.stderr)")
        }
    }

    @Test("pin change on a format-2 vault asks for the recovery PIN once (exit 2 without it), then the vault is format 4")
    func legacyVault() throws {
        let s = Sandbox()
        try FileManager.default.createDirectory(atPath: (s.vault as NSString).deletingLastPathComponent,
                                                withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        try FileManager.default.copyItem(atPath: VaultFormatCLITests.fixtures.appendingPathComponent("vault-v2.ibkey").path, toPath: s.vault)
        chmod(s.vault, 0o600)
        let before = s.bytes(s.vault)
        let noRecovery = s.run(["pin", "change"], env: ["IBKEY_PIN": "9137", "IBKEY_NEW_PIN": "6081-x"])
        #expect(noRecovery.status == 2 && noRecovery.stderr.contains("--recovery-pin-fd"), "\(noRecovery.stderr)")
        #expect(s.bytes(s.vault) == before)
        let ok = s.run(["pin", "change"], env: ["IBKEY_PIN": "9137", "IBKEY_NEW_PIN": "6081-x", "IBKEY_RECOVERY_PIN": "r7#Kq"])
        #expect(ok.status == 0, "\(ok.stderr)")
        let st = json(s.run(["status", "--json"]).stdout) as? [String: Any]
        #expect(st?["format_version"] as? Int == 4 && st?["recovery_slot"] as? String == "proven", "\(String(describing: st))")
        // From now on a PIN change needs no recovery PIN.
        #expect(s.run(["pin", "change"], env: ["IBKEY_PIN": "6081-x", "IBKEY_NEW_PIN": "7402-q"]).status == 0)
        #expect(s.run(["respond", "--user", "bob", "123456"], env: ["IBKEY_PIN": "7402-q"]).status == 0)
        #expect(s.run(["pin", "reset"], env: ["IBKEY_RECOVERY_PIN": "r7#Kq", "IBKEY_NEW_PIN": "8513-z"]).status == 0)
    }

    @Test("the old PIN is checked before the new one is asked for")
    func oldPINFirst() {
        let s = enrolledSandbox()
        // A wrong old PIN with no source for the new PIN: the wrong PIN is what is reported.
        let r = s.run(["pin", "change"], env: ["IBKEY_PIN": "5931-q"])
        #expect(r.status == 3 && r.stderr.contains("wrong PIN"), "\(r.stderr)")
        let reset = s.run(["pin", "reset"], env: ["IBKEY_RECOVERY_PIN": "zz9#q"])
        #expect(reset.status == 3 && reset.stderr.contains("wrong recovery PIN"), "\(reset.stderr)")
    }

    @Test("with a token PIN, the registration code carries its hash, not the vault PIN's; the issuer verifies")
    func tokenPIN() throws {
        let s = Sandbox()
        _ = s.run(["issuer", "init"])
        let code = s.run(["issuer", "add-user", "alice"]).out
        let enroll = s.run(["enroll", "--user", "alice", "-"] + Fixture.kdf,
                           env: s.secrets.merging(["IBKEY_TOKEN_PIN": "4711-t"]) { $1 }, stdin: code + "\n")
        #expect(enroll.status == 0, "\(enroll.stderr)")
        #expect(s.run(["issuer", "activate", "alice", enroll.out]).status == 0)
        let q = s.run(["issuer", "challenge", "alice"]).out
        let r = s.run(["respond", q], env: s.secrets)
        #expect(s.run(["issuer", "verify", "alice", r.out]).status == 0)
        // (Which PIN the issuer learns is a note, shown on a terminal: TokenPINPromptTests.)
        let t = Sandbox()
        let e2 = t.run(["enroll", "--user", "bob", "-"] + Fixture.kdf, env: t.secrets, stdin: Reference.code() + "\n")
        #expect(e2.status == 0, "\(e2.stderr)")
        let own = t.run(["enroll", "--user", "carol", "-"], env: t.secrets.merging(["IBKEY_TOKEN_PIN": "9921-c"]) { $1 },
                        stdin: Reference.code(counter: 5, keyHex: String(repeating: "3c", count: 20)) + "\n")
        #expect(own.status == 0)
        let answer = t.run(["respond", "--user", "carol", "--json", "708362"], env: t.secrets)
        let expected = try Reference.response("708362", counter: 5, pin: "9921-c", keyHex: String(repeating: "3c", count: 20))
        #expect((json(answer.stdout) as? [String: Any])?["response"] as? String == expected)
        // A token PIN equal to the vault PIN is refused: it would hand the vault PIN to the issuer after all.
        let same = t.run(["enroll", "--user", "dave", "-"], env: t.secrets.merging(["IBKEY_TOKEN_PIN": Fixture.pin]) { $1 },
                         stdin: Reference.code(counter: 1, keyHex: String(repeating: "4d", count: 20)) + "\n")
        #expect(same.status == 2 && same.stderr.contains("must differ from the vault PIN"), "\(same.stderr)")
    }
}
