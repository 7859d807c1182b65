import Foundation
import Testing
import IBKeyCore

/// Looks for the PINs, the key and the PIN hash in everything the binary
/// prints, on every command's success and error paths.
@Suite("Secret hygiene")
struct SecretHygieneTests {
    static let keyHex = Reference.keyHex
    static let newPIN = "6081-x"

    /// Byte patterns that must never be printed.
    static var secrets: [String] {
        let key = Hex.decode(keyHex)!
        let pinHash = HashAlgorithm.sha1.hash(Array(Fixture.pin.utf8))
        return [Fixture.pin, Fixture.recovery, newPIN, "7777-x",
                keyHex, keyHex.uppercased(), Base32.encode(key),
                pinHash.map { String(format: "%02x", $0) }.joined()]
    }

    func check(_ r: Run, _ what: String, sourceLocation: SourceLocation = #_sourceLocation) {
        for s in Self.secrets {
            #expect(!r.stdout.contains(s) && !r.stderr.contains(s), "\(what) printed a secret", sourceLocation: sourceLocation)
        }
    }

    @Test("no command prints a PIN, key or PIN hash, on success or error")
    func everyCommand() throws {
        let s = Sandbox()
        let all = s.secrets.merging(["IBKEY_NEW_PIN": Self.newPIN]) { $1 }
        let wrong = ["IBKEY_PIN": "7777-x", "IBKEY_RECOVERY_PIN": "7777-x", "IBKEY_NEW_PIN": "7777-x"]
        let code = Reference.code()
        let runs: [(String, Run)] = [
            ("enroll", s.run(["enroll", "--user", "alice", "-"] + Fixture.kdf, env: s.secrets, stdin: code + "\n")),
            ("enroll json", s.run(["enroll", "--user", "bob", "--json", "-"], env: s.secrets, stdin: Reference.code(.sha512, counter: 0) + "\n")),
            ("enroll dup", s.run(["enroll", "--user", "alice", "-"], env: s.secrets, stdin: code + "\n")),
            ("enroll wrong", s.run(["enroll", "--user", "carol", "-"], env: wrong, stdin: Reference.code(.sha256, counter: 0) + "\n")),
            ("enroll typo", s.run(["enroll", "--user", "carol", "-"], env: s.secrets, stdin: String(code.dropLast()) + "Q\n")),
            ("respond", s.run(["respond", "--user", "alice", "123456"], env: s.secrets)),
            ("respond json", s.run(["respond", "--user", "alice", "--json", "123456"], env: s.secrets)),
            ("respond batch", s.run(["respond", "--user", "alice", "--pin-stdin", "-"], stdin: Fixture.pin + "\n123456\nbad\n")),
            ("respond wrong", s.run(["respond", "--user", "alice", "123456"], env: wrong)),
            ("respond bad", s.run(["respond", "--user", "alice", "12"], env: s.secrets)),
            ("users", s.run(["users", "--json"])),
            ("status", s.run(["status", "--json"])),
            ("pin change", s.run(["pin", "change"], env: all)),
            ("pin change wrong", s.run(["pin", "change"], env: wrong)),
            ("recovery change weak", s.run(["recovery-pin", "change"], env: ["IBKEY_PIN": Self.newPIN, "IBKEY_RECOVERY_PIN": Fixture.recovery, "IBKEY_NEW_PIN": "1111"])),
            ("backup", s.run(["backup", "--output", s.path("b"), "--kdf", "test"], env: ["IBKEY_PIN": Self.newPIN, "IBKEY_RECOVERY_PIN": Fixture.recovery])),
            ("restore exists", s.run(["restore", s.path("b")], env: all)),
            ("pin reset", s.run(["pin", "reset"], env: ["IBKEY_RECOVERY_PIN": Fixture.recovery, "IBKEY_NEW_PIN": Fixture.pin])),
            ("remove", s.run(["remove", "--user", "bob"], env: s.secrets)),
            ("selftest", s.run(["selftest", "--verbose"])),
            ("help", s.run(["respond", "--help"])),
        ]
        for (what, r) in runs { check(r, what) }
        #expect(runs.first!.1.status == 0)
    }

    @Test("the PIN from IBKEY_PIN is scrubbed from the process environment")
    func environment() throws {
        let s = enrolledSandbox()
        let fifo = s.path("stdin.fifo")
        #expect(mkfifo(fifo, 0o600) == 0)
        let pid = s.spawn(["respond", "-"], env: s.secrets, stdinFIFO: fifo)
        defer { kill(pid, SIGKILL); _ = s.wait(pid) }
        // Wait until it has unlocked and blocks reading challenges.
        #expect(waitUntil { ProcState.isReadingPipe(pid) }, "respond never waited for challenges")
        let environ = String(decoding: (try? Data(contentsOf: URL(fileURLWithPath: "/proc/\(pid)/environ"))) ?? Data(), as: UTF8.self)
        // Readable by root (CI); a non-dumpable process hides it from its own user, and then nothing leaks either.
        try #require(getuid() != 0 || !environ.isEmpty, "root could not read /proc/\(pid)/environ")
        if environ.isEmpty { return }
        #expect(environ.contains("IBKEY_VAULT="), "environ was read")
        #expect(!environ.contains(Fixture.pin))
        #expect(!environ.contains(Fixture.recovery))
    }

    /// Non-dumpable processes have their /proc/PID files owned by root. Root
    /// owns everything it runs anyway, so as root (CI) the binary is run as
    /// `nobody` through setpriv, or the check could not fail.
    @Test("core dumps are off and the process is not dumpable")
    func noCoreDumps() throws {
        let s = enrolledSandbox()
        let fifo = s.path("stdin.fifo")
        #expect(mkfifo(fifo, 0o600) == 0)
        var args = ["respond", "-"], executable = Binary.path
        if getuid() == 0 {
            try #require(FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv"), "setpriv (util-linux) is needed to run as nobody")
            #expect(s.run(["-R", "65534:65534", s.dir], executable: "/bin/chown").status == 0)
            args = ["--reuid=65534", "--regid=65534", "--clear-groups", Binary.path] + args
            executable = "/usr/bin/setpriv"
        }
        let pid = s.spawn(args, env: s.secrets, stdinFIFO: fifo, executable: executable)
        defer { kill(pid, SIGKILL); _ = s.wait(pid) }
        // Hardening comes first thing at start-up, and the batch then blocks on
        // its empty stdin: once it waits there, every protection is in force.
        #expect(waitUntil { ProcState.isReadingPipe(pid) }, "respond never reached its challenges")
        let limits = (try? String(contentsOfFile: "/proc/\(pid)/limits", encoding: .utf8)) ?? ""
        let line = limits.split(separator: "\n").first { $0.hasPrefix("Max core file size") } ?? ""
        #expect(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst(4).prefix(2) == ["0", "0"], "\(line)")
        var st = stat()
        stat("/proc/\(pid)/status", &st)
        #expect(st.st_uid == 0, "/proc/\(pid)/status is owned by \(st.st_uid): the process is dumpable")
        // The vault is still where respond reads it: it is waiting on stdin, not failing.
        #expect(kill(pid, 0) == 0)
    }
}
