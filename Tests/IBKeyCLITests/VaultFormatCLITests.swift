import Foundation
import Testing
import IBKeyCore

/// The vault format as a user meets it: counter updates in place, and vaults
/// written by the previous format still working.
@Suite("Vault format from the command line")
struct VaultFormatCLITests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("IBKeyCoreTests/Fixtures")

    func inode(_ path: String) -> UInt64 {
        var st = stat()
        stat(path, &st)
        return UInt64(st.st_ino)
    }

    @Test("respond stores the counter by rewriting its user's two cells in place, nothing else")
    func inPlace() throws {
        let s = enrolledSandbox(users: ["alice", "bob", "carol"])
        for round in 1...4 {
            let before = s.bytes(s.vault), ino = inode(s.vault)
            let r = s.run(["respond", "--user", "alice", "--json", "708362"], env: s.secrets)
            #expect(r.status == 0, "\(r.stderr)")
            #expect((json(r.stdout) as? [String: Any])?["counter"] as? Int == round)
            let after = s.bytes(s.vault)
            #expect(inode(s.vault) == ino, "the vault was replaced, not updated in place")
            #expect(after.count == before.count)
            let changed = zip(before, after).enumerated().filter { $0.element.0 != $0.element.1 }.map(\.offset)
            // alice is user 0: her cells are the first 64 of the last 3 × 64 bytes.
            let cells = before.count - 3 * 64
            #expect(!changed.isEmpty && changed.allSatisfy { $0 >= cells && $0 < cells + 64 }, "changed: \(changed)")
            // At rest both cells hold the same (next) counter.
            #expect(Array(after[cells..<(cells + 32)]) == Array(after[(cells + 32)..<(cells + 64)]))
        }
        // The other users' counters are untouched.
        let bob = s.run(["respond", "--user", "bob", "--json", "708362"], env: s.secrets)
        #expect((json(bob.stdout) as? [String: Any])?["counter"] as? Int == 100)
    }

    /// A sandbox whose vault is the format-1 fixture (PIN 9137, recovery r7#Kq).
    func v1Sandbox() throws -> Sandbox {
        let s = Sandbox()
        try FileManager.default.createDirectory(atPath: (s.vault as NSString).deletingLastPathComponent,
                                                withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        try FileManager.default.copyItem(atPath: Self.fixtures.appendingPathComponent("vault-v1.ibkey").path, toPath: s.vault)
        chmod(s.vault, 0o600)
        return s
    }

    @Test("a format-1 vault answers, then is upgraded to format 4 with its counters")
    func upgradeFromV1() throws {
        let s = try v1Sandbox()
        let pin = ["IBKEY_PIN": "9137"]
        let status = { (json(s.run(["status", "--json"]).stdout) as? [String: Any])?["format_version"] as? Int }
        #expect(status() == 1)
        #expect(s.run(["status"]).stdout.contains("upgraded to 4 at the next change"))
        #expect(s.run(["users"]).stdout.contains("bob"))
        // alice: key of the first IB Key vector, counter 1, P = SHA1("1234") (Fixtures/README.md).
        let first = s.run(["respond", "--user", "alice", "708362"], env: pin)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.out == "15632646")
        #expect(status() == 4)
        let second = s.run(["respond", "--user", "alice", "708362"], env: pin)
        #expect(second.out == (try Reference.response("708362", counter: 2, pin: "1234")))
        // bob (no counter) and the recovery PIN survived the upgrade.
        #expect(s.run(["respond", "--user", "bob", "123456"], env: pin).status == 0)
        #expect(s.run(["pin", "reset"], env: ["IBKEY_RECOVERY_PIN": "r7#Kq", "IBKEY_NEW_PIN": "6081-x"]).status == 0)
        #expect(s.run(["respond", "--user", "alice", "708362"], env: ["IBKEY_PIN": "6081-x"]).out
                == (try Reference.response("708362", counter: 3, pin: "1234")))
    }

    @Test("a wrong PIN on a format-1 vault is counted without upgrading it")
    func wrongPINOnV1() throws {
        let s = try v1Sandbox()
        #expect(s.run(["respond", "--user", "alice", "708362"], env: ["IBKEY_PIN": "0000"]).status == 3)
        let st = json(s.run(["status", "--json"]).stdout) as? [String: Any]
        #expect(st?["format_version"] as? Int == 1 && st?["failed_pin_attempts"] as? Int == 1)
        #expect(s.run(["respond", "--user", "alice", "708362"], env: ["IBKEY_PIN": "9137"]).out == "15632646")
        let after = json(s.run(["status", "--json"]).stdout) as? [String: Any]
        #expect(after?["format_version"] as? Int == 4 && after?["failed_pin_attempts"] as? Int == 0)
    }

    @Test("one spoiled counter cell is not damage; both spoiled is damage, never a repeat")
    func spoiledCells() throws {
        let s = enrolledSandbox()
        #expect(s.run(["respond", "708362"], env: s.secrets).status == 0) // counter 1 → 2
        var b = s.bytes(s.vault)
        let cells = b.count - 64
        var one = b; one[cells + 3] ^= 0x10
        try Data(one).write(to: URL(fileURLWithPath: s.vault))
        let r = s.run(["respond", "--json", "708362"], env: s.secrets)
        #expect(r.status == 0, "\(r.stderr)")
        #expect((json(r.stdout) as? [String: Any])?["counter"] as? Int == 2)
        #expect(s.run(["users"]).status == 0)
        b = s.bytes(s.vault)
        b[cells + 3] ^= 0x10; b[cells + 35] ^= 0x10
        try Data(b).write(to: URL(fileURLWithPath: s.vault))
        let bad = s.run(["respond", "708362"], env: s.secrets)
        #expect(bad.status == 6 && bad.stderr.contains("counter of user 'alice' does not authenticate"), "\(bad.stderr)")
        #expect(s.bytes(s.vault) == b)
    }

    /// respond checks only the fixed header's checksum; a damaged directory
    /// must still read as damage, never as a missing user or a wrong PIN.
    @Test("a damaged name in the directory is damage (exit 6) for respond, users and status")
    func damagedDirectory() throws {
        let s = enrolledSandbox(users: ["alice", "bob"])
        var b = s.bytes(s.vault)
        let at = try #require(b.firstRange(of: Array("alice".utf8)))
        b[at.upperBound - 1] ^= 0x02 // "alicg"
        try Data(b).write(to: URL(fileURLWithPath: s.vault))
        for args in [["respond", "--user", "alice", "708362"], ["respond", "708362"], ["users"], ["status"]] {
            let r = s.run(args, env: s.secrets)
            #expect(r.status == 6 && r.stderr.contains("damaged"), "\(args): \(r.status) \(r.stderr)")
        }
        // bob's own entry and record are intact: he can still answer.
        #expect(s.run(["respond", "--user", "bob", "708362"], env: s.secrets).status == 0)
        #expect(s.bytes(s.vault).count == b.count)
    }

    /// Docs/VAULT.md is the contract: an independent reader written from the
    /// document alone (Fixtures/vault_reader.py, with PyNaCl for Argon2id,
    /// XChaCha20-Poly1305 and the sealed boxes) must agree with the fixtures
    /// and with the vaults and backups the binary writes: users, keys, P
    /// inputs and counters, before and after respond and a PIN change; and the
    /// failed-attempt counts of format 4's attempt cells.
    @Test("an independent reader written from Docs/VAULT.md agrees with the files ibkey writes")
    func specReader() throws {
        let reader = try #require(Bundle.module.url(forResource: "vault_reader", withExtension: "py", subdirectory: "Fixtures")).path
        func read(_ s: Sandbox, _ file: String, _ kind: String? = nil, _ pin: String? = nil) -> Run {
            s.run([reader, file] + (kind.map { [$0] } ?? []) + (pin.map { [$0] } ?? []), executable: Python.path)
        }
        let s = enrolledSandbox(users: ["alice", "bob"])
        let r = s.run(["respond", "--user", "alice", "--json", "708362"], env: s.secrets)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(s.run(["backup", "--output", s.path("b.bak"), "--kdf", "test"], env: s.secrets).status == 0)
        let fixture = { (name: String) in Self.fixtures.appendingPathComponent(name).path }
        let fixtures = ["vault-v1.ibkey", "vault-v2.ibkey", "vault-v3.ibkey"].map(fixture)
        for (file, kind, pin) in [(fixtures[0], "recovery", "r7#Kq"), (fixtures[1], "recovery", "r7#Kq"), (fixtures[2], "pin", "9137"),
                                  (s.vault, "pin", Fixture.pin), (s.vault, "recovery", Fixture.recovery),
                                  (s.path("b.bak"), "recovery", Fixture.recovery)] {
            let plain = read(s, file)
            #expect(plain.status == 0, "\(file): \(plain.stderr)")
            #expect(plain.lines.count == 2 && plain.lines.allSatisfy { $0.hasPrefix("alice ") || $0.hasPrefix("bob ") }, "\(plain.stdout)")
            let opened = read(s, file, kind, pin)
            #expect(opened.status == 0, "\(file) \(kind): \(opened.stderr)")
            let alice = opened.lines.first { $0.hasPrefix("alice ") }?.split(separator: " ").map(String.init) ?? []
            // name suite enrolled length counter key p
            #expect(alice.count == 7 && alice[5] == Reference.keyHex, "\(opened.stdout)")
            if alice.count == 7, !fixtures.contains(file) {
                #expect(alice[4] == "2", "alice's counter after one respond: \(opened.stdout)")
            }
        }
        // Format 4's fixture: a kind-4 slot, TOTP and HOTP suites,
        // and an issuer in carol's entry and record AAD (Fixtures/README.md).
        let v4 = fixture("vault-v4.ibkey")
        let plain4 = read(s, v4)
        #expect(plain4.status == 0, "\(plain4.stderr)")
        #expect(plain4.lines.map { $0.split(separator: " ").first.map(String.init) ?? "" } == ["alice", "bob", "carol", "dave"], "\(plain4.stdout)")
        for (kind, pin) in [("pin", "9137"), ("recovery", "r7#Kq")] {
            let opened = read(s, v4, kind, pin)
            #expect(opened.status == 0, "\(kind): \(opened.stderr)")
            let fields = opened.lines.map { $0.split(separator: " ").map(String.init) }
            #expect(fields.count == 4 && fields.allSatisfy { $0.count == 7 }, "\(opened.stdout)")
            guard fields.count == 4, fields.allSatisfy({ $0.count == 7 }) else { continue }
            #expect(fields[0][1] == "OCRA-1:HOTP-SHA1-8:C-QN06-PSHA1" && fields[0][4] == "1" && fields[0][5] == Reference.keyHex)
            #expect(fields[2][1] == "TOTP-SHA256-8-30" && fields[2][2] == "1764000120" && fields[2][6] == "-"
                    && fields[2][5] == Data("12345678901234567890123456789012".utf8).map { String(format: "%02x", $0) }.joined())
            #expect(fields[3][1] == "HOTP-SHA1-6" && fields[3][4] == "5"
                    && fields[3][5] == Data("12345678901234567890".utf8).map { String(format: "%02x", $0) }.joined())
        }
        #expect(read(s, v4, "recovery", "9137").status == 3)
        #expect(read(s, v4, "attempts").out == "0 0")
        // The attempt cells: a wrong PIN is counted, the right one clears the count.
        let fresh = enrolledSandbox()
        #expect(read(fresh, fresh.vault, "attempts").out == "0 0")
        #expect(fresh.run(["respond", "708362"], env: ["IBKEY_PIN": "0000-1"]).status == 3)
        #expect(read(fresh, fresh.vault, "attempts").out == "1 0")
        #expect(fresh.run(["respond", "708362"], env: fresh.secrets).status == 0)
        #expect(read(fresh, fresh.vault, "attempts").out == "0 0")
        #expect(read(s, s.vault, "pin", "0000-1").status == 3)
        // After a PIN change: a new data key, read with the new PIN and with the recovery PIN.
        #expect(s.run(["pin", "change"], env: s.secrets.merging(["IBKEY_NEW_PIN": "6081-x"]) { $1 }).status == 0)
        #expect(read(s, s.vault, "pin", "6081-x").status == 0)
        #expect(read(s, s.vault, "recovery", Fixture.recovery).status == 0)
        #expect(read(s, s.vault, "pin", Fixture.pin).status == 3)
        // And it notices a flipped byte in the directory, as ibkey does.
        var b = s.bytes(s.vault)
        let at = try #require(b.firstRange(of: Array("bob".utf8)))
        b[at.lowerBound] ^= 1
        try Data(b).write(to: URL(fileURLWithPath: s.path("flipped")))
        chmod(s.path("flipped"), 0o600)
        #expect(read(s, s.path("flipped")).status == 1)
        #expect(s.run(["users", "--vault", s.path("flipped")]).status == 6)
    }

    /// respond checks the challenge against the suite text before the PIN, and
    /// that text sits in the directory, which a header-only read has not hashed.
    @Test("a flipped bit in a suite (QN06 → QN07) is damage (exit 6), not a bad challenge (exit 2)")
    func damagedSuite() throws {
        let s = enrolledSandbox()
        var b = s.bytes(s.vault)
        let at = try #require(b.firstRange(of: Array("QN06".utf8)))
        b[at.upperBound - 1] ^= 0x01
        try Data(b).write(to: URL(fileURLWithPath: s.vault))
        for challenge in ["123456", "1234567"] {
            let r = s.run(["respond", "--user", "alice", challenge], env: s.secrets)
            #expect(r.status == 6 && r.stderr.contains("damaged"), "\(challenge): \(r.status) \(r.stderr)")
        }
        #expect(s.bytes(s.vault) == b)
    }

    /// The reviewer's laundering case: the header is damaged while respond
    /// waits for its PIN, and the PIN given is wrong. The attempt-counter
    /// rewrite must not bless the damaged header with a fresh checksum.
    @Test("damage that appears while respond waits for the PIN is never laundered by the wrong-PIN write")
    func noLaunderingFromTheCLI() throws {
        let s = enrolledSandbox()
        let fifo = s.path("pin.fifo")
        #expect(mkfifo(fifo, 0o600) == 0)
        let pid = s.spawn(["respond", "--pin-stdin", "708362"], stdinFIFO: fifo)
        // It has read the header and waits on stdin for the PIN.
        #expect(waitUntil { ProcState.isReadingPipe(pid) }, "respond never waited for its PIN")
        var b = s.bytes(s.vault)
        b[26] ^= 1 // a bit of the PIN slot's salt
        try Data(b).write(to: URL(fileURLWithPath: s.vault))
        let fd = open(fifo, O_WRONLY)
        #expect(fd >= 0)
        _ = "0000\n".withCString { write(fd, $0, 5) }
        close(fd)
        let r = s.wait(pid)
        #expect(r.status == 6, "\(r.status) \(r.stderr)")
        #expect(s.run(["status"]).status == 6)
        #expect(s.bytes(s.vault) == b)
    }

    @Test("a vault path that is a symbolic link is refused with the fix (exit 2), the link left alone")
    func symlinkedVault() throws {
        let s = enrolledSandbox()
        let real = s.vault + ".real"
        #expect(rename(s.vault, real) == 0)
        #expect(symlink(real, s.vault) == 0)
        let before = s.bytes(real)
        for args in [["respond", "708362"], ["users"], ["remove", "--user", "alice"]] {
            let r = s.run(args, env: s.secrets)
            #expect(r.status == 2 && r.stderr.contains("symbolic link") && r.stderr.contains("hint:"), "\(args): \(r.status) \(r.stderr)")
        }
        var st = stat()
        #expect(lstat(s.vault, &st) == 0 && st.st_mode & S_IFMT == S_IFLNK)
        #expect(s.bytes(real) == before)
        #expect(s.run(["respond", "--vault", real, "708362"], env: s.secrets).status == 0)
    }

    @Test("names match by canonical equivalence, as in format 1: a decomposed 'josé' finds the composed one")
    func unicodeNames() throws {
        let s = Sandbox()
        let composed = "jos\u{E9}", decomposed = "jose\u{301}"
        let e = s.run(["enroll", "--user", composed, "-"] + Fixture.kdf, env: s.secrets, stdin: Reference.code() + "\n")
        #expect(e.status == 0, "\(e.stderr)")
        #expect(s.run(["respond", "--user", decomposed, "708362"], env: s.secrets).out == (try Reference.response("708362", counter: 1)))
        let again = s.run(["enroll", "--user", decomposed, "-"] + Fixture.kdf, env: s.secrets, stdin: Reference.code(.sha256, counter: 0) + "\n")
        #expect(again.status == 7, "\(again.status) \(again.stderr)")
        #expect(s.run(["users"]).lines.count == 2) // header and one user
    }

    @Test("damaged vaults exit 6, told apart from a wrong PIN")
    func damaged() throws {
        let s = enrolledSandbox()
        let good = s.bytes(s.vault)
        var flipped = good; flipped[good.count / 2] ^= 0x40
        var future = good; future[9] = 9
        let cases: [(String, [UInt8])] = [
            ("truncated", Array(good.prefix(good.count - 10))), ("flipped", flipped), ("empty", []),
            ("garbage", Array(repeating: 0x5A, count: 300)), ("future version", future),
        ]
        for (name, bytes) in cases {
            try Data(bytes).write(to: URL(fileURLWithPath: s.vault))
            for args in [["respond", "123456"], ["users"], ["status"]] {
                let r = s.run(args, env: s.secrets)
                #expect(r.status == 6, "\(name) \(args): \(r.status) \(r.stderr)")
                #expect(r.stderr.contains("damaged") || r.stderr.contains("version"), "\(r.stderr)")
            }
            #expect(s.bytes(s.vault) == bytes, "\(name): vault rewritten")
        }
    }

    @Test("a vault folder or file others can write is refused")
    func permissions() {
        let s = enrolledSandbox()
        chmod(s.vault, 0o666)
        expectUnchanged(s, ["respond", "123456"], status: 2, contains: "writable by other users")
        chmod(s.vault, 0o600)
        let dir = (s.vault as NSString).deletingLastPathComponent
        chmod(dir, 0o777)
        expectUnchanged(s, ["users"], status: 2, contains: "writable by other users")
        chmod(dir, 0o700)
        #expect(s.run(["users"]).status == 0)
    }
}
