import Foundation
import Testing
import IBKeyCore

/// Every input a user or a file can give, wrong: the documented exit code, a
/// one-line error, and the vault byte-for-byte unchanged.
@Suite("Bad input: exit codes and nothing changed")
struct BadInputTests {
    func expectUnchanged(_ s: Sandbox, _ args: [String], env: [String: String]? = nil, stdin: String? = nil,
                         status: Int32, contains: String? = nil, sourceLocation: SourceLocation = #_sourceLocation) {
        let before = s.bytes(s.vault)
        let r = s.run(args, env: env ?? s.secrets, stdin: stdin)
        #expect(r.status == status, "\(args): got \(r.status): \(r.stderr)", sourceLocation: sourceLocation)
        #expect(r.stdout.isEmpty, "\(args): stdout \(r.stdout)", sourceLocation: sourceLocation)
        #expect(r.stderr.hasPrefix("ibkey: error: "), "\(r.stderr)", sourceLocation: sourceLocation)
        if let contains { #expect(r.stderr.contains(contains), "\(r.stderr)", sourceLocation: sourceLocation) }
        #expect(s.bytes(s.vault) == before, "\(args) changed the vault", sourceLocation: sourceLocation)
    }

    @Test("malformed challenges exit 2", arguments: ["12345", "1234567", "12a456", "abcdef", "", "   ", "١٢٣٤٥٦", "１２３４５６", "12 34 5", "12_456"])
    func challenges(_ c: String) {
        let s = enrolledSandbox()
        expectUnchanged(s, ["respond", c], status: 2, contains: "challenge")
    }

    @Test("the challenge error names the count")
    func challengeMessage() {
        let s = enrolledSandbox()
        let r = s.run(["respond", "12345"], env: s.secrets)
        #expect(r.stderr.contains("challenge must be 6 digits, got 5"))
    }

    @Test("unknown user, several users without --user, no vault")
    func notFound() {
        let s = enrolledSandbox(users: ["alice", "bob"])
        expectUnchanged(s, ["respond", "--user", "carol", "123456"], status: 5, contains: "carol")
        expectUnchanged(s, ["respond", "123456"], status: 2, contains: "alice, bob")
        expectUnchanged(s, ["remove", "--user", "carol"], status: 5)
        let empty = Sandbox()
        for args in [["respond", "123456"], ["users"], ["remove", "--user", "x"], ["pin", "change"], ["backup", "--output", empty.path("b")]] {
            let r = empty.run(args, env: empty.secrets)
            #expect(r.status == 5, "\(args): \(r.stderr)")
            #expect(!FileManager.default.fileExists(atPath: empty.vault))
        }
    }

    @Test("wrong PIN exits 3 and is counted; 10 in a row block (exit 4)")
    func wrongPIN() {
        let s = enrolledSandbox()
        for i in 1...9 {
            let r = s.run(["respond", "123456"], env: ["IBKEY_PIN": "7777-x"])
            #expect(r.status == 3, "\(r.stderr)")
            #expect(r.stderr.contains("\(10 - i) attempt"))
        }
        var st = json(s.run(["status", "--json"]).stdout) as? [String: Any]
        #expect(st?["failed_pin_attempts"] as? Int == 9)
        // The right PIN resets the count.
        #expect(s.run(["respond", "123456"], env: s.secrets).status == 0)
        st = json(s.run(["status", "--json"]).stdout) as? [String: Any]
        #expect(st?["failed_pin_attempts"] as? Int == 0)
        for _ in 1...10 { _ = s.run(["respond", "123456"], env: ["IBKEY_PIN": "7777-x"]) }
        let blocked = s.run(["respond", "123456"], env: s.secrets)
        #expect(blocked.status == 4 && blocked.stderr.contains("pin reset"), "\(blocked.stderr)")
        st = json(s.run(["status", "--json"]).stdout) as? [String: Any]
        #expect(st?["blocked"] as? Bool == true)
    }

    @Test("no PIN source and no terminal: exit 2 naming the options")
    func missingPIN() {
        let s = enrolledSandbox()
        expectUnchanged(s, ["respond", "123456"], env: ["IBKEY_PIN": ""], status: 2, contains: "--pin-fd")
        let r = s.run(["respond", "123456"], env: ["IBKEY_PIN": ""])
        #expect(r.stderr.contains("IBKEY_PIN") && r.stderr.contains("--pin-stdin"))
    }

    @Test("PIN files: unreadable, missing, readable by others")
    func pinFiles() {
        let s = enrolledSandbox()
        let open = s.file("open.pin", Fixture.pin, mode: 0o644)
        expectUnchanged(s, ["respond", "--pin-file", open, "123456"], env: [:], status: 2, contains: "read by other users")
        let locked = s.file("locked.pin", Fixture.pin, mode: 0o000)
        if getuid() != 0 { // root reads anything
            expectUnchanged(s, ["respond", "--pin-file", locked, "123456"], env: [:], status: 2, contains: "cannot read")
        }
        expectUnchanged(s, ["respond", "--pin-file", s.path("nope.pin"), "123456"], env: [:], status: 2, contains: "cannot read")
        // Unreadable even for root: a folder where the file should be.
        expectUnchanged(s, ["respond", "--pin-file", s.dir, "123456"], env: [:], status: 2, contains: "cannot read")
        let empty = s.file("empty.pin", "")
        expectUnchanged(s, ["respond", "--pin-file", empty, "123456"], env: [:], status: 2, contains: "empty")
        expectUnchanged(s, ["respond", "--pin-fd", "250", "123456"], env: [:], status: 2, contains: "file descriptor")
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

    @Test("bad user names are usage errors")
    func names() {
        let s = Sandbox()
        for name in ["", String(repeating: "x", count: 65), "a\u{7}b", " lead"] {
            let r = s.run(["enroll", "--user", name, "-"] + Fixture.kdf, env: s.secrets, stdin: Reference.code() + "\n")
            #expect(r.status == 2, "'\(name)': \(r.stderr)")
        }
    }
}
