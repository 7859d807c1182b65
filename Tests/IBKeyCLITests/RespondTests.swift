import Foundation
import Testing
import IBKeyCore

/// `ibkey respond`: one response, batches, PIN sources, and every bad input.
@Suite("respond")
struct RespondTests {
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

    @Test("batch with a bad line: the good lines before it answered, then exit 2, naming the input line (the PIN line is 1)")
    func batchStops() throws {
        let s = enrolledSandbox()
        let r = s.run(["respond", "--pin-stdin", "-"], stdin: [Fixture.pin, "111111", "12345", "222222"].joined(separator: "\n") + "\n")
        #expect(r.status == 2)
        let first = try Reference.response("111111", counter: 1)
        #expect(r.lines == [first], "\(r.stdout)")
        #expect(r.stderr.hasPrefix("ibkey: error: line 3: challenge must be 6 digits, got 5"), "\(r.stderr)")
        #expect(r.stderr.split(separator: "\n").count == 1, "\(r.stderr)")
        // Without --pin-stdin the first challenge is line 1.
        let env = s.run(["respond", "-"], env: s.secrets, stdin: "333333\nabc\n")
        #expect(env.status == 2 && env.stderr.hasPrefix("ibkey: error: line 2: "), "\(env.stderr)")
        let second = try Reference.response("333333", counter: 2)
        #expect(env.lines == [second])
    }

    @Test("batch --keep-going: every good line answered in order, each bad one said with its line number, exit 2 at the end")
    func batchKeepsGoing() throws {
        let s = enrolledSandbox()
        let input = [Fixture.pin, "111111", "12345", "", "222222", "abcdef", "333333"]
        let r = s.run(["respond", "--keep-going", "--pin-stdin", "-"], stdin: input.joined(separator: "\n") + "\n")
        #expect(r.status == 2)
        let expected = try [("111111", 1), ("222222", 2), ("333333", 3)].map { try Reference.response($0.0, counter: UInt64($0.1)) }
        #expect(r.lines == expected, "\(r.stdout)")
        let errors = r.stderr.split(separator: "\n").map(String.init)
        #expect(errors.count == 2, "\(r.stderr)")
        #expect(errors.first?.hasPrefix("ibkey: error: line 3: challenge must be 6 digits, got 5") == true, "\(r.stderr)")
        #expect(errors.last?.hasPrefix("ibkey: error: line 6: ") == true, "\(r.stderr)")
        // The counters were stored: the next response continues after the batch.
        #expect(s.run(["respond", "444444"], env: s.secrets).out == (try Reference.response("444444", counter: 4)))
        // All good: exit 0, nothing on stderr.
        let good = s.run(["respond", "--keep-going", "-"], env: s.secrets, stdin: "555555\n")
        let fifth = try Reference.response("555555", counter: 5)
        #expect(good.status == 0 && good.stderr.isEmpty && good.lines == [fifth])
        // JSON: the same lines, one object each.
        let j = s.run(["respond", "--keep-going", "--json", "-"], env: s.secrets, stdin: "x\n666666\n")
        #expect(j.status == 2 && j.lines.count == 1 && (json(j.lines[0]) as? [String: Any])?["counter"] as? Int == 6, "\(j.stdout)")
    }

    @Test("--keep-going without '-' is refused before any PIN is read")
    func keepGoingNeedsBatch() {
        let s = enrolledSandbox()
        expectUnchanged(s, ["respond", "--keep-going", "123456"], status: 2, contains: "--keep-going is for a batch read from standard input")
        expectUnchanged(s, ["respond", "--keep-going"], status: 2, contains: "hint: give '-' as the challenge")
    }

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

    @Test("malformed challenges exit 2", arguments: ["12345", "1234567", "12a456", "abcdef", "", "   ", "١٢٣٤٥٦", "１２３４５６", "12 34 5", "12_456"])
    func challenges(_ c: String) {
        let s = enrolledSandbox()
        expectUnchanged(s, ["respond", c], status: 2, contains: "challenge")
    }

    @Test("an A challenge that starts with '-': the hint says to put it after '--', which works")
    func dashChallenge() {
        let s = Sandbox()
        let imported = s.run(["import", "--user", "qa", "--suite", "OCRA-1:HOTP-SHA1-6:QA08"] + Fixture.kdf,
                             env: s.secrets.merging(["IBKEY_SECRET": String(repeating: "31", count: 20)]) { $1 })
        #expect(imported.status == 0, "\(imported.stderr)")
        let r = s.run(["respond", "--user", "qa", "-x9k!"], env: s.secrets)
        #expect(r.status == 2 && r.stderr.contains("hint: a challenge that starts with '-' goes after '--'"), "\(r.stderr)")
        let ok = s.run(["respond", "--user", "qa", "--", "-x9k!"], env: s.secrets)
        #expect(ok.status == 0 && ok.out.count == 6, "\(ok.stderr)")
        // A mistyped option gets the option meant, and respond's help.
        #expect(s.run(["respond", "--usr", "qa", "1234"], env: s.secrets).stderr.contains("hint: did you mean '--user'? see 'ibkey respond --help'"))
    }

    @Test("the challenge error names the count")
    func challengeMessage() {
        let s = enrolledSandbox()
        let r = s.run(["respond", "12345"], env: s.secrets)
        #expect(r.stderr.contains("challenge must be 6 digits, got 5 (if the login shows 5, type 012345: the same challenge)"), "\(r.stderr)")
        // It is the same: the engine's answer to the 5 digits is the CLI's answer to the padded 6.
        let padded = s.run(["respond", "012345"], env: s.secrets)
        #expect(padded.status == 0 && padded.out == (try? Reference.response("12345", counter: 1)), "\(padded.stdout)")
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
}
