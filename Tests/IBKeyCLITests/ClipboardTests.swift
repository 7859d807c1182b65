import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// An X server of its own for one test: `Xvfb :N` on a display number no
/// one uses, ready once its socket is there.
final class XServer: @unchecked Sendable {
    let display: String
    private let pid: pid_t

    private init(display: String, pid: pid_t) { self.display = display; self.pid = pid }

    static let xvfb = "/usr/bin/Xvfb"
    static let xclip = "/usr/bin/xclip"
    private static let lock = NSLock()

    /// A started server, or nil when Xvfb is missing or will not start.
    static func start() -> XServer? {
        guard FileManager.default.isExecutableFile(atPath: xvfb) else { return nil }
        lock.lock(); defer { lock.unlock() }
        var tries = 0
        for n in (100 + Int(getpid() % 200))..<1000 where tries < 5 {
            let socket = "/tmp/.X11-unix/X\(n)"
            guard !FileManager.default.fileExists(atPath: "/tmp/.X\(n)-lock"), !FileManager.default.fileExists(atPath: socket) else { continue }
            tries += 1
            guard let pid = spawn([xvfb, ":\(n)", "-nolisten", "tcp", "-screen", "0", "320x240x24"]) else { return nil }
            var status: Int32 = 0
            var ended = false
            let ready = waitUntil(timeout: 30) {
                if waitpid(pid, &status, WNOHANG) == pid { ended = true }
                return ended || FileManager.default.fileExists(atPath: socket)
            }
            if ready && !ended { return XServer(display: ":\(n)", pid: pid) }
            if !ended { XServer(display: "", pid: pid).stop() }
        }
        return nil
    }

    /// Xvfb started with no signal blocked (a test thread blocks many, and a
    /// child inherits the mask: SIGTERM would not reach it), output to /dev/null.
    private static func spawn(_ argv: [String]) -> pid_t? {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        var attr = posix_spawnattr_t()
        posix_spawnattr_init(&attr)
        defer { posix_spawnattr_destroy(&attr) }
        var none = sigset_t()
        sigemptyset(&none)
        posix_spawnattr_setsigmask(&attr, &none)
        posix_spawnattr_setflags(&attr, 0x08) // POSIX_SPAWN_SETSIGMASK
        var cArgs = argv.map { strdup($0) } + [nil]
        defer { cArgs.forEach { free($0) } }
        var pid: pid_t = 0
        return posix_spawn(&pid, argv[0], &actions, &attr, &cArgs, environ) == 0 ? pid : nil
    }

    func stop() {
        kill(pid, SIGTERM)
        var status: Int32 = 0
        if !waitUntil(timeout: 30, { waitpid(pid, &status, WNOHANG) == pid }) {
            kill(pid, SIGKILL)
            while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        }
    }

    /// Whether a server starts here at all (and xclip is there to read it):
    /// tried once; the suite is reported as skipped, not passed, when not.
    static let available: Bool = {
        guard FileManager.default.isExecutableFile(atPath: xclip), let x = start() else { return false }
        x.stop()
        return true
    }()

    /// The clipboard's content as `xclip -o -selection clipboard` reads it;
    /// nil when there is none to read.
    func clipboard(_ s: Sandbox) -> String? {
        let r = s.run(["-o", "-selection", "clipboard"], env: ["DISPLAY": display], executable: Self.xclip)
        return r.status == 0 ? r.stdout : nil
    }

    /// Puts `text` on the clipboard, as a person copying something would.
    func copy(_ text: String, _ s: Sandbox) {
        let r = s.run(["-i", "-selection", "clipboard"], env: ["DISPLAY": display], stdin: text, executable: Self.xclip)
        #expect(r.status == 0, "\(r.stderr)")
    }
}

/// The helpers `--copy` leaves behind, by their command line.
enum Clearers {
    static func running() -> [(pid: Int32, argv: [String])] {
        let pids = ((try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []).compactMap { Int32($0) }
        return pids.compactMap { pid in
            guard let data = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline") else { return nil }
            let argv = data.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
            return argv.count == 2 && argv[1] == "_clipboard-clearer" ? (pid, argv) : nil
        }
    }
}

/// `--copy` on `code` and `respond` under a real X server (Xvfb) with xclip
/// (Docs/CODES.md, "The clipboard"): nothing on stdout, the code on the
/// clipboard, cleared after IBKEY_CLIP_SECONDS, left alone when something
/// else was copied meanwhile. Serialized: each test waits until the helpers
/// it started have ended, and tells them apart from no other test's.
@Suite("--copy under a real X server", .serialized,
       .enabled(if: XServer.available, "Xvfb or xclip missing, or Xvfb does not start: make test-deps installs xvfb and xclip"))
struct ClipboardTests {
    static let seconds = "3"

    func env(_ x: XServer, _ extra: [String: String] = [:]) -> [String: String] {
        ["IBKEY_PIN": Fixture.pin, "DISPLAY": x.display, "IBKEY_CLIP_SECONDS": Self.seconds].merging(extra) { $1 }
    }

    @Test("code --copy: stdout empty, the code on the clipboard (never on a command line), cleared after IBKEY_CLIP_SECONDS")
    func codeCopied() throws {
        let x = try #require(XServer.start())
        defer { x.stop() }
        let s = Sandbox()
        s.addOTPAccounts([OTPFixtureAccount(name: "gh", suite: "TOTP-SHA1-8-30", keyHex: OTPFixtureAccount.rfc6238Key("SHA1"))])
        let r = s.run(["code", "--copy", "--at", "59"], env: env(x))
        #expect(r.status == 0 && r.stdout.isEmpty, "\(r.status) \(r.stdout) \(r.stderr)")
        #expect(r.stderr == "ibkey: copied to the clipboard; cleared in 3 s\n", "\(r.stderr)")
        #expect(x.clipboard(s) == "94287082")
        // The helper waits in a session of its own; the code is in no argv.
        let helpers = Clearers.running()
        #expect(helpers.count == 1, "\(helpers)")
        for h in helpers {
            #expect(getsid(h.pid) == h.pid, "the helper is not in a session of its own")
            #expect(!h.argv.joined(separator: " ").contains("94287082"))
        }
        let argvs = ((try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []).compactMap { Int32($0) }
            .compactMap { FileManager.default.contents(atPath: "/proc/\($0)/cmdline") }
        #expect(!argvs.contains { String(decoding: $0, as: UTF8.self).contains("94287082") }, "the code is on a command line")
        #expect(waitUntil { x.clipboard(s) == "" }, "not cleared: \(x.clipboard(s) ?? "nil")")
        #expect(waitUntil { Clearers.running().isEmpty }, "the helper did not end")
    }

    @Test("something copied meanwhile is left alone")
    func otherContentStays() throws {
        let x = try #require(XServer.start())
        defer { x.stop() }
        let s = Sandbox()
        s.addOTPAccounts([OTPFixtureAccount(name: "gh", suite: "TOTP-SHA1-8-30", keyHex: OTPFixtureAccount.rfc6238Key("SHA1"))])
        let r = s.run(["code", "gh", "--copy", "--at", "59"], env: env(x))
        #expect(r.status == 0 && r.stdout.isEmpty, "\(r.stderr)")
        #expect(x.clipboard(s) == "94287082")
        // The same digits with more around them are not the code either.
        x.copy("94287082 is not mine", s)
        #expect(!Clearers.running().isEmpty, "the helper ended before the clipboard changed")
        #expect(waitUntil { Clearers.running().isEmpty }, "the helper did not end")
        #expect(x.clipboard(s) == "94287082 is not mine")
    }

    @Test("code --help's --copy example runs as written")
    func helpExample() throws {
        let x = try #require(XServer.start())
        defer { x.stop() }
        let line = try #require(HelpExamplesTests.exampleLines(Sandbox().run(["code", "--help"]).stdout, starting: ["ibkey "])
            .first { $0.contains("--copy") })
        let s = try HelpExamplesTests.prepared()
        let r = s.run(["-c", DocExamplesTests.preamble + "cd \(s.dir) && " + TextLine.withoutComment(line)],
                      env: ["DISPLAY": x.display, "IBKEY_CLIP_SECONDS": Self.seconds], executable: "/bin/sh")
        #expect(r.status == 0 && r.out == "ibkey: copied to the clipboard; cleared in 3 s", "\(line): \(r.stdout)")
        #expect(x.clipboard(s)?.count == 6)
        #expect(waitUntil { Clearers.running().isEmpty })
    }

    @Test("respond --copy: the response on the clipboard, its counter stored, then cleared; xsel works as well")
    func respondCopied() throws {
        let x = try #require(XServer.start())
        defer { x.stop() }
        let s = enrolledSandbox()
        let r = s.run(["respond", "--copy", "708362"], env: env(x))
        #expect(r.status == 0 && r.stdout.isEmpty && r.stderr == "ibkey: copied to the clipboard; cleared in 3 s\n", "\(r.stderr)")
        #expect(x.clipboard(s) == (try Reference.response("708362", counter: 1)), "\(x.clipboard(s) ?? "nil")")
        #expect(waitUntil { x.clipboard(s) == "" })
        #expect(waitUntil { Clearers.running().isEmpty })
        // Only xsel on PATH.
        let bin = s.path("xsel-only")
        try FileManager.default.createDirectory(atPath: bin, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: bin + "/xsel", withDestinationPath: "/usr/bin/xsel")
        if FileManager.default.isExecutableFile(atPath: "/usr/bin/xsel") {
            let y = s.run(["respond", "--copy", "708362"], env: env(x, ["PATH": bin]))
            #expect(y.status == 0 && y.stdout.isEmpty, "\(y.stderr)")
            #expect(x.clipboard(s) == (try Reference.response("708362", counter: 2)))
            #expect(waitUntil { x.clipboard(s) != (try? Reference.response("708362", counter: 2)) }, "xsel: not cleared")
            #expect(waitUntil { Clearers.running().isEmpty })
        }
    }
}

/// `--copy` refusals, which need no X server: each before any PIN is asked
/// for, exit 2, nothing on stdout, the vault unchanged.
@Suite("--copy refusals")
struct ClipboardRefusalTests {
    @Test("no display: exit 2 naming the programs; none on PATH: exit 2 saying what to install")
    func noDisplay() throws {
        let s = Sandbox()
        s.addOTPAccounts([OTPFixtureAccount(name: "gh", suite: "TOTP-SHA1-6-30", keyHex: OTPFixtureAccount.rfc6238Key("SHA1"))])
        let empty = s.path("empty-bin")
        try FileManager.default.createDirectory(atPath: empty, withIntermediateDirectories: true)
        let pin = ["IBKEY_PIN": Fixture.pin]
        expectUnchanged(s, ["code", "--copy"], env: pin, status: 2, contains: "wl-copy (Wayland), xclip or xsel (X11)")
        expectUnchanged(s, ["code", "--copy"], env: pin.merging(["DISPLAY": ":99", "PATH": empty]) { $1 }, status: 2,
                        contains: "needs xclip or xsel, and PATH has neither\nhint: install one: sudo apt install xclip (or xsel)")
        expectUnchanged(s, ["code", "--copy"], env: pin.merging(["WAYLAND_DISPLAY": "wayland-0", "PATH": empty]) { $1 }, status: 2,
                        contains: "sudo apt install wl-clipboard")
        expectUnchanged(s, ["code", "--copy"], env: pin.merging(["WAYLAND_DISPLAY": "wayland-0", "DISPLAY": ":99", "PATH": empty]) { $1 },
                        status: 2, contains: "wl-clipboard (or xclip)")
        // A relative folder on PATH is not searched.
        let rel = s.run(["code", "--copy"], env: pin.merging(["DISPLAY": ":99", "PATH": "usr/bin:."]) { $1 })
        #expect(rel.status == 2 && rel.stderr.contains("PATH has neither"), "\(rel.stderr)")
        let e = enrolledSandbox()
        expectUnchanged(e, ["respond", "--copy", "123456"], env: pin, status: 2, contains: "xclip or xsel")
    }

    @Test("a batch refuses --copy; so does a code listing; bad IBKEY_CLIP_SECONDS values", arguments: ["0", "-1", "3601", "1.5", "x", "020", " 5", "99999"])
    func refused(_ seconds: String) {
        let s = enrolledSandbox()
        let pin = ["IBKEY_PIN": Fixture.pin, "DISPLAY": ":99"]
        expectUnchanged(s, ["respond", "--copy", "-"], env: pin, stdin: "123456\n", status: 2, contains: "--copy takes one response")
        expectUnchanged(s, ["respond", "-", "--copy", "--pin-stdin"], env: [:], stdin: Fixture.pin + "\n123456\n", status: 2, contains: "not a batch")
        s.addOTPAccounts([
            OTPFixtureAccount(name: "gh", suite: "TOTP-SHA1-6-30", keyHex: OTPFixtureAccount.rfc6238Key("SHA1")),
            OTPFixtureAccount(name: "gl", suite: "TOTP-SHA1-6-30", keyHex: OTPFixtureAccount.rfc6238Key("SHA1")),
        ])
        expectUnchanged(s, ["code", "--copy"], env: pin, status: 2, contains: "hint: name one: ibkey code --copy NAME")
        expectUnchanged(s, ["code", "gh", "--copy"], env: pin.merging(["IBKEY_CLIP_SECONDS": seconds]) { $1 }, status: 2,
                        contains: "IBKEY_CLIP_SECONDS must be whole seconds from 1 to 3600")
        expectUnchanged(s, ["respond", "-u", "alice", "--copy", "123456"], env: pin.merging(["IBKEY_CLIP_SECONDS": seconds]) { $1 }, status: 2,
                        contains: "IBKEY_CLIP_SECONDS")
    }
}
