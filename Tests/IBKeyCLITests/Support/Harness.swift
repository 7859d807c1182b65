import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Runs the built `ibkey` binary as a user or script would: a fresh session
/// (no controlling terminal), a temporary HOME and vault, secrets through the
/// documented options and environment, stdout and stderr captured separately.
struct Run {
    let status: Int32
    let stdout: String
    let stderr: String
    var out: String { stdout.trimmingCharacters(in: .whitespacesAndNewlines) }
    var lines: [String] { stdout.split(separator: "\n").map(String.init) }
}

enum Binary {
    static let path: String = {
        if let p = ProcessInfo.processInfo.environment["IBKEY_BIN"], !p.isEmpty { return p }
        let exe = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? ""
        var dir = URL(fileURLWithPath: exe).deletingLastPathComponent()
        // swift test runs .build/<triple>/debug/ibkeyPackageTests.xctest
        if dir.lastPathComponent.hasSuffix(".xctest") { dir = dir.deletingLastPathComponent() }
        return dir.appendingPathComponent("ibkey").path
    }()
}

/// The `python3` that `make test-deps` gave the independent peers to (the
/// first on the test run's PATH, as for `make`).
enum Python {
    static let path: String = {
        let dirs = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin").split(separator: ":").map(String.init)
        return dirs.map { $0 + "/python3" }.first { FileManager.default.isExecutableFile(atPath: $0) } ?? "/usr/bin/python3"
    }()
}

/// A temporary home for one test: its own vault, issuer store and files.
final class Sandbox: @unchecked Sendable {
    let dir: String
    var env: [String: String]

    init() {
        var template = Array((NSTemporaryDirectory() + "ibkey-test-XXXXXX").utf8CString)
        let p = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }!
        dir = String(cString: p)
        env = [
            "HOME": dir,
            "XDG_DATA_HOME": dir + "/data",
            "IBKEY_VAULT": dir + "/data/ibkey/vault.ibkey",
            "IBKEY_ISSUER_STORE": dir + "/issuer/issuer.store",
            "PATH": "/usr/bin:/bin",
            "LANG": "C.UTF-8",
        ]
    }

    deinit { try? FileManager.default.removeItem(atPath: dir) }

    var vault: String { env["IBKEY_VAULT"]! }
    func path(_ name: String) -> String { dir + "/" + name }

    /// Writes a file with the given mode (0600 by default).
    @discardableResult
    func file(_ name: String, _ contents: String, mode: mode_t = 0o600) -> String {
        let p = path(name)
        _ = FileManager.default.createFile(atPath: p, contents: Data(contents.utf8))
        chmod(p, mode)
        return p
    }

    func bytes(_ p: String) -> [UInt8] { [UInt8]((try? Data(contentsOf: URL(fileURLWithPath: p))) ?? Data()) }

    /// Runs ibkey and waits. `fds` maps extra descriptors (3, 4, …) to contents.
    func run(_ args: [String], env extra: [String: String] = [:], stdin: String? = nil,
             fds: [Int32: String] = [:], executable: String = Binary.path) -> Run {
        let pid = spawn(args, env: extra, stdin: stdin, fds: fds, executable: executable)
        return wait(pid)
    }

    private var outputs: [pid_t: (String, String)] = [:]
    private let lock = NSLock()
    private var serial = 0

    /// Starts ibkey without waiting (for kill tests and parallel runs).
    /// `stdinFIFO`: a FIFO opened read-write as stdin, so ibkey blocks reading it.
    /// `environmentBlock`: the exact environment, in order, in place of the
    /// sandbox's merged with `env` (to give a variable twice, as execve allows).
    func spawn(_ args: [String], env extra: [String: String] = [:], stdin: String? = nil,
               fds: [Int32: String] = [:], stdinFIFO: String? = nil, environmentBlock: [String]? = nil,
               executable: String = Binary.path) -> pid_t {
        lock.lock(); serial += 1; let n = serial; lock.unlock()
        let inPath = path(".in.\(n)"), outPath = path(".out.\(n)"), errPath = path(".err.\(n)")
        _ = FileManager.default.createFile(atPath: inPath, contents: Data((stdin ?? "").utf8))
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        if let fifo = stdinFIFO {
            posix_spawn_file_actions_addopen(&actions, 0, fifo, O_RDWR, 0)
        } else {
            posix_spawn_file_actions_addopen(&actions, 0, stdin == nil ? "/dev/null" : inPath, O_RDONLY, 0)
        }
        posix_spawn_file_actions_addopen(&actions, 1, outPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, errPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        for (fd, contents) in fds {
            let fp = path(".fd\(fd).\(n)")
            _ = FileManager.default.createFile(atPath: fp, contents: Data(contents.utf8))
            posix_spawn_file_actions_addopen(&actions, fd, fp, O_RDONLY, 0)
        }
        var attr = posix_spawnattr_t()
        posix_spawnattr_init(&attr)
        defer { posix_spawnattr_destroy(&attr) }
        posix_spawnattr_setflags(&attr, 0x80) // POSIX_SPAWN_SETSID (glibc): no controlling terminal
        let merged = env.merging(extra) { _, new in new }
        let argv = [executable] + args
        var cArgs = argv.map { strdup($0) } + [nil]
        var cEnv = (environmentBlock ?? merged.map { "\($0.key)=\($0.value)" }).map { strdup($0) } + [nil]
        defer { cArgs.forEach { free($0) }; cEnv.forEach { free($0) } }
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, executable, &actions, &attr, &cArgs, &cEnv)
        precondition(rc == 0, "cannot spawn \(executable): \(rc)")
        lock.lock(); outputs[pid] = (outPath, errPath); lock.unlock()
        return pid
    }

    /// Runs a shell script (for `ulimit`), with the sandbox's environment.
    func runShell(_ script: String, env extra: [String: String] = [:], stdin: String? = nil) -> Run {
        wait(spawn([script], env: extra, stdin: stdin, executable: "/bin/bash"))
    }

    func wait(_ pid: pid_t) -> Run { waitMeasuring(pid).run }

    /// Waits for `pid`; also returns the CPU time it used (user + system, seconds).
    func waitMeasuring(_ pid: pid_t) -> (run: Run, cpuSeconds: Double) {
        var status: Int32 = 0
        var usage = rusage()
        while wait4(pid, &status, 0, &usage) < 0 && errno == EINTR {}
        lock.lock(); let (o, e) = outputs.removeValue(forKey: pid)!; lock.unlock()
        let out = String(decoding: bytes(o), as: UTF8.self), err = String(decoding: bytes(e), as: UTF8.self)
        let code: Int32 = (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
        let cpu = Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
        return (Run(status: code, stdout: out, stderr: err), cpu)
    }
}

/// Values shared by the CLI tests.
enum Fixture {
    static let pin = "2580-9"
    static let recovery = "r7#Kq"
    /// The cheapest KDF the vault allows: tests never pay the production cost.
    static let kdf = ["--kdf", "test"]
}

extension Sandbox {
    /// PIN and recovery PIN through the environment, as a script would.
    var secrets: [String: String] { ["IBKEY_PIN": Fixture.pin, "IBKEY_RECOVERY_PIN": Fixture.recovery] }

    /// Issuer init + add-user + enroll + activate; returns the activation code.
    @discardableResult
    func enrollActive(_ name: String, suite: Int = 1) -> String {
        if !FileManager.default.fileExists(atPath: env["IBKEY_ISSUER_STORE"]!) {
            let r = run(["issuer", "init"]); #expect(r.status == 0, "\(r.stderr)")
        }
        let add = run(["issuer", "add-user", name, "--suite", String(suite)])
        #expect(add.status == 0, "\(add.stderr)")
        let enroll = run(["enroll", "--user", name, "-"] + Fixture.kdf, env: secrets, stdin: add.out + "\n")
        #expect(enroll.status == 0, "\(enroll.stderr)")
        let act = run(["issuer", "activate", name, enroll.out])
        #expect(act.status == 0, "\(act.stderr)")
        return add.out
    }
}

/// Waits for a state, never for a fixed time: polls `condition` until it
/// holds or `timeout` seconds pass (generous: a loaded machine is slow, and a
/// test that waits for what it checks only ever waits as long as it must).
/// - Returns: whether the state was reached.
@discardableResult
func waitUntil(timeout: Double = 120, _ condition: () -> Bool) -> Bool {
    let deadline = Date().addingTimeInterval(timeout)
    while !condition() {
        if Date() > deadline { return false }
        usleep(5_000)
    }
    return true
}

/// Process states read from /proc, for waiting on them.
enum ProcState {
    /// Blocked reading a pipe or FIFO (its kernel wait channel says so).
    static func isReadingPipe(_ pid: pid_t) -> Bool {
        ((try? String(contentsOfFile: "/proc/\(pid)/wchan", encoding: .utf8)) ?? "").contains("pipe")
    }

    /// Waiting for an flock that another process holds (/proc/locks lists
    /// blocked waiters on a line marked "->").
    static func isWaitingForLock(_ pid: pid_t) -> Bool {
        ((try? String(contentsOfFile: "/proc/locks", encoding: .utf8)) ?? "")
            .split(separator: "\n").contains { $0.contains("-> FLOCK") && $0.contains(" \(pid) ") }
    }

    /// Holding an flock.
    static func holdsLock(_ pid: pid_t) -> Bool {
        ((try? String(contentsOfFile: "/proc/locks", encoding: .utf8)) ?? "").contains(" FLOCK  ADVISORY  WRITE \(pid) ")
    }
}

extension Sandbox {
    /// Runs ibkey under `ulimit -f 0`: any write to a file fails (EFBIG), as
    /// on a full disk. Its stdout and stderr go through pipes to `cat`s started
    /// outside the limit, which would otherwise stop writes to the capture files too.
    func runUnderFileLimit(_ args: [String], env: [String: String], stdin: String? = nil) -> Run {
        let quoted = ([Binary.path] + args).map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }.joined(separator: " ")
        let script = file("file-limit.sh", """
            set -o pipefail
            { ( ulimit -f 0; exec \(quoted) 2>&1 1>&3 3>&- ) | cat 1>&2; } 3>&1 | cat
            """, mode: 0o700)
        return runShell(script, env: env, stdin: stdin)
    }
}
