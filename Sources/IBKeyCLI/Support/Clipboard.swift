#if canImport(Glibc)
import Glibc
#endif
import IBKeyCore

/// `--copy` on `respond` and `code` (Docs/CODES.md, "The clipboard"): the
/// code goes to the desktop session's clipboard instead of stdout, through
/// the clipboard program the session has — `wl-copy` under Wayland, else
/// `xclip` or `xsel` under X11 — on that program's standard input, never on
/// a command line (every user of the machine can read those). A detached
/// helper clears the clipboard after `IBKEY_CLIP_SECONDS`, only if it still
/// holds that code: what the user copied meanwhile is left alone.
///
/// Everything here runs only with `--copy`: `respond`'s plain start-up
/// neither reads this type's settings nor starts a process.
struct Clipboard: Equatable {
    /// Which clipboard program talks to the session.
    enum Kind: String {
        /// `wl-copy` and `wl-paste` (Debian's wl-clipboard).
        case wayland = "wl-clipboard"
        case xclip, xsel
    }

    let kind: Kind
    /// The program that sets the clipboard, found on PATH.
    let copier: String
    /// The program that reads it (`wl-paste`; the same program for X11).
    let reader: String
    /// Seconds until the helper clears it.
    let seconds: Int

    /// `IBKEY_CLIP_SECONDS` when unset.
    static let defaultSeconds = 20
    /// The values `IBKEY_CLIP_SECONDS` may take: a code is short-lived, and a
    /// helper waiting longer than an hour would outlive any use of it.
    static let secondsRange = 1...3600

    /// The session's clipboard and the delay, checked before any PIN is
    /// asked for, so that a missing program costs no unlock (and no counter).
    /// - Throws: `UsageError` (exit 2) for a bad `IBKEY_CLIP_SECONDS`, no
    ///   display, or no clipboard program on PATH, saying what to install.
    static func ofThisSession() throws -> Clipboard {
        let seconds = try clearSeconds()
        let wayland = !(Environment.value("WAYLAND_DISPLAY") ?? "").isEmpty
        let x11 = !(Environment.value("DISPLAY") ?? "").isEmpty
        if wayland, let copy = program("wl-copy"), let paste = program("wl-paste") {
            return Clipboard(kind: .wayland, copier: copy, reader: paste, seconds: seconds)
        }
        if x11 {
            if let x = program("xclip") { return Clipboard(kind: .xclip, copier: x, reader: x, seconds: seconds) }
            if let x = program("xsel") { return Clipboard(kind: .xsel, copier: x, reader: x, seconds: seconds) }
        }
        switch (wayland, x11) {
        case (false, false):
            throw UsageError("--copy needs a desktop session's clipboard, and there is none here (WAYLAND_DISPLAY and DISPLAY are unset)",
                             hint: "leave out --copy; in a desktop session it uses wl-copy (Wayland), xclip or xsel (X11)")
        case (true, false):
            throw UsageError("--copy under Wayland needs wl-copy and wl-paste, and PATH has none",
                             hint: "install them: sudo apt install wl-clipboard")
        case (false, true):
            throw UsageError("--copy under X11 needs xclip or xsel, and PATH has neither",
                             hint: "install one: sudo apt install xclip (or xsel)")
        case (true, true):
            throw UsageError("--copy needs wl-copy and wl-paste (Wayland), or xclip or xsel (X11), and PATH has none",
                             hint: "install one: sudo apt install wl-clipboard (or xclip)")
        }
    }

    /// `IBKEY_CLIP_SECONDS`: whole seconds in `secondsRange`; unset or empty: the default.
    static func clearSeconds() throws -> Int {
        guard let text = Environment.value("IBKEY_CLIP_SECONDS"), !text.isEmpty else { return defaultSeconds }
        let digits = text.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
        guard digits, text.utf8.count <= 4, text.utf8.first != 0x30, let n = Int(text), secondsRange.contains(n) else {
            throw UsageError("IBKEY_CLIP_SECONDS must be whole seconds from \(secondsRange.lowerBound) to \(secondsRange.upperBound), got '\(text.oneLine(limit: 20))'",
                             hint: "unset it for the default of \(defaultSeconds) seconds")
        }
        return n
    }

    /// `name`'s path in the first absolute folder of PATH that has it as an
    /// executable file. Relative folders are skipped: they would run
    /// whatever the working folder holds.
    static func program(_ name: String) -> String? {
        let path = Environment.value("PATH") ?? "/usr/bin:/bin"
        for dir in path.split(separator: ":") where dir.hasPrefix("/") && !dir.contains("\n") {
            let candidate = (dir.hasSuffix("/") ? String(dir) : dir + "/") + name
            var st = stat()
            if stat(candidate, &st) == 0, st.st_mode & S_IFMT == S_IFREG, access(candidate, X_OK) == 0 { return candidate }
        }
        return nil
    }

    // MARK: - Copying

    /// Puts `code` on the clipboard, starts the helper that clears it, and
    /// says so on stderr. Called after the counter is stored: a code copied is a code shown.
    /// - Throws: `.io` when the program fails (its first line of stderr
    ///   said), or the helper cannot be started.
    func copy(_ code: String) throws {
        let failure = run(copyArguments, input: Array(code.utf8))
        if let failure { throw IBKeyError.io("\(copier) could not set the clipboard: \(failure)") }
        try startClearer(code)
        // In place of the code on stdout: what was done with it.
        Console.err("ibkey: copied to the clipboard; cleared in \(seconds) s\n")
    }


    private var copyArguments: [String] {
        switch kind {
        case .wayland: [copier]
        case .xclip: [copier, "-selection", "clipboard", "-in"]
        case .xsel: [copier, "--clipboard", "--input"]
        }
    }

    private var readArguments: [String] {
        switch kind {
        case .wayland: [reader, "--no-newline"]
        case .xclip: [reader, "-selection", "clipboard", "-out"]
        case .xsel: [reader, "--clipboard", "--output"]
        }
    }

    /// xclip has no "clear": it owns the clipboard again, with nothing in it.
    private var clearArguments: [String] {
        switch kind {
        case .wayland: [copier, "--clear"]
        case .xclip: [copier, "-selection", "clipboard", "-in"]
        case .xsel: [copier, "--clipboard", "--clear"]
        }
    }

    // MARK: - The helper that clears

    /// The hidden argument that makes `ibkey` the clearing helper
    /// (`Tool.main` checks it first). It reads its orders on stdin.
    static let clearerArgument = "_clipboard-clearer"

    /// Starts the helper: this very binary (`/proc/self/exe`) in a session of
    /// its own, so that it outlives this process and no terminal's hang-up
    /// or Ctrl-C reaches it; its orders — the program, the delay and the
    /// code — go on a pipe, never in its argv or environment.
    private func startClearer(_ code: String) throws {
        var p: [Int32] = [-1, -1]
        guard Self.pipe(&p) else { throw IBKeyError.io("cannot start the clipboard helper: \(FileIO.errnoText())") }
        defer { close(p[1]) }
        let spawned = Self.spawn(["ibkey", Self.clearerArgument], program: "/proc/self/exe", stdin: p[0], stdout: nil, stderr: nil, newSession: true)
        close(p[0])
        guard case .success = spawned else { throw IBKeyError.io("cannot start the clipboard helper: \(FileIO.errnoText())") }
        // No wait: the helper is on its own; when this process ends, init adopts it.
        let orders = "\(kind.rawValue)\n\(copier)\n\(reader)\n\(seconds)\n"
        let message = SecureBytes(count: orders.utf8.count + code.utf8.count)
        message.withMutableBytes { m in
            m.copyBytes(from: Array(orders.utf8))
            UnsafeMutableRawBufferPointer(rebasing: m[orders.utf8.count...]).copyBytes(from: Array(code.utf8))
        }
        let failed = message.withBytes { FileIO.writeFully(p[1], $0) }
        if failed != 0 { throw IBKeyError.io("cannot start the clipboard helper: \(FileIO.errnoText(failed))") }
    }

    /// The helper's whole life: read the orders, wait, read the clipboard,
    /// and clear it if it still holds the code (compared in constant time).
    /// Nothing is printed: its stdout and stderr are /dev/null.
    /// - Returns: the exit status (no one waits for it).
    static func runClearer() -> Int32 {
        _ = chdir("/") // hold no folder busy while waiting
        guard let buffer = try? FileReader.readAll(0, maxSize: 8192, source: "the orders") else { return 2 }
        let n = buffer.count
        // Four lines of orders, then the code (the rest).
        var lines: [String] = []
        var start = 0
        for i in 0..<n where lines.count < 4 && buffer[i] == 0x0A {
            lines.append(buffer.withBytes { String(decoding: $0[start..<i], as: UTF8.self) })
            start = i + 1
        }
        guard lines.count == 4, let kind = Kind(rawValue: lines[0]), lines[1].hasPrefix("/"), lines[2].hasPrefix("/"),
              let seconds = Int(lines[3]), secondsRange.contains(seconds), n > start else { return 2 }
        let code = SecureBytes(copying: buffer, range: start..<n)
        let clipboard = Clipboard(kind: kind, copier: lines[1], reader: lines[2], seconds: seconds)
        sleep(seconds: seconds)
        // One byte more than the code: longer content is not the code.
        guard let held = clipboard.read(limit: code.count + 1), held.constantTimeEquals(code) else { return 0 }
        return clipboard.run(clipboard.clearArguments, input: []) == nil ? 0 : 1
    }

    /// Waits `seconds` by the boot-time clock, which runs on while a laptop
    /// sleeps: a code copied before a suspend is cleared soon after waking.
    private static func sleep(seconds: Int) {
        var deadline = timespec()
        clock_gettime(CLOCK_BOOTTIME, &deadline)
        deadline.tv_sec += seconds
        while clock_nanosleep(CLOCK_BOOTTIME, TIMER_ABSTIME, &deadline, nil) == EINTR {}
    }

    /// The clipboard's content, at most `limit` bytes; nil when it cannot be read.
    private func read(limit: Int) -> SecureBytes? {
        var p: [Int32] = [-1, -1]
        guard Self.pipe(&p) else { return nil }
        let spawned = Self.spawn(readArguments, stdin: nil, stdout: p[1], stderr: nil, newSession: false)
        close(p[1])
        guard case .success(let pid) = spawned else { close(p[0]); return nil }
        // More than `limit` bytes is not the code: nil, and the reader gets EPIPE and ends.
        let held = try? FileReader.readAll(p[0], maxSize: limit, source: "the clipboard")
        close(p[0])
        guard Self.wait(pid) == 0 else { return nil }
        return held
    }

    // MARK: - Running the programs

    /// Runs `arguments` with `input` on its stdin, and waits for it (the
    /// program may leave a child behind that serves the clipboard: it gets
    /// no descriptor of ours but a stderr pipe, read without waiting for its end).
    /// - Returns: nil on success, else what went wrong (the program's first
    ///   line of stderr, or its exit status).
    private func run(_ arguments: [String], input: [UInt8]) -> String? {
        var inPipe: [Int32] = [-1, -1], errPipe: [Int32] = [-1, -1]
        guard Self.pipe(&inPipe) else { return FileIO.errnoText() }
        guard Self.pipe(&errPipe) else { close(inPipe[0]); close(inPipe[1]); return FileIO.errnoText() }
        let spawned = Self.spawn(arguments, stdin: inPipe[0], stdout: nil, stderr: errPipe[1], newSession: false)
        close(inPipe[0]); close(errPipe[1])
        guard case .success(let pid) = spawned else { close(inPipe[1]); close(errPipe[0]); return "cannot run it: \(FileIO.errnoText())" }
        _ = input.withUnsafeBytes { FileIO.writeFully(inPipe[1], $0) }
        close(inPipe[1])
        let status = Self.wait(pid)
        // What it said before it ended; a child serving the clipboard may
        // hold the pipe open for good, so only what is there now is read.
        _ = fcntl(errPipe[0], F_SETFL, O_NONBLOCK)
        var said = [UInt8](repeating: 0, count: 512)
        let n = said.withUnsafeMutableBytes { Glibc.read(errPipe[0], $0.baseAddress!, $0.count) }
        close(errPipe[0])
        guard status != 0 else { return nil }
        let line = n > 0 ? String(decoding: said[..<n], as: UTF8.self).split(separator: "\n").first.map(String.init) : nil
        return line.map { $0.oneLine(limit: 200) } ?? "it ended with status \(status)"
    }

    /// `posix_spawn` of `program` (else `arguments[0]`) with the descriptors given (nil:
    /// /dev/null) and none other, the environment as it is now (the
    /// `IBKEY_*` secrets were taken out of it at start), signals ignored
    /// here (SIGPIPE, SIGXFSZ) back to their defaults, none blocked.
    private static func spawn(_ arguments: [String], program: String? = nil, stdin: Int32?, stdout: Int32?, stderr: Int32?,
                              newSession: Bool) -> Result<pid_t, IBKeyError> {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        for (fd, given) in [(Int32(0), stdin), (1, stdout), (2, stderr)] {
            if let given {
                posix_spawn_file_actions_adddup2(&actions, given, fd)
            } else {
                posix_spawn_file_actions_addopen(&actions, fd, "/dev/null", fd == 0 ? O_RDONLY : O_WRONLY, 0)
            }
        }
        // Every other descriptor closed, not only those marked close-on-exec:
        // one inherited from the caller (a --pin-fd file) must not live on in
        // a program that stays behind to serve the clipboard.
        for fd in Self.openDescriptors() where fd > 2 { posix_spawn_file_actions_addclose(&actions, fd) }
        var attr = posix_spawnattr_t()
        posix_spawnattr_init(&attr)
        defer { posix_spawnattr_destroy(&attr) }
        var defaults = sigset_t()
        sigemptyset(&defaults)
        sigaddset(&defaults, SIGPIPE)
        sigaddset(&defaults, SIGXFSZ)
        posix_spawnattr_setsigdefault(&attr, &defaults)
        // No signal blocked: a mask inherited from this process (or whoever
        // started it) would leave the helper deaf to SIGTERM.
        var unblocked = sigset_t()
        sigemptyset(&unblocked)
        posix_spawnattr_setsigmask(&attr, &unblocked)
        // POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK, and POSIX_SPAWN_SETSID (glibc) for the helper.
        posix_spawnattr_setflags(&attr, Int16(0x04 | 0x08 | (newSession ? 0x80 : 0)))
        var argv = arguments.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, program ?? arguments[0], &actions, &attr, &argv, environ)
        guard rc == 0 else { errno = rc; return .failure(.io(FileIO.errnoText(rc))) }
        return .success(pid)
    }

    /// A pipe whose ends close on exec (a child gets only what `spawn` gives it).
    private static func pipe(_ ends: inout [Int32]) -> Bool {
        guard Glibc.pipe(&ends) == 0 else { return false }
        for fd in ends { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        return true
    }

    /// This process's open descriptors (/proc/self/fd).
    private static func openDescriptors() -> [Int32] {
        guard let dir = opendir("/proc/self/fd") else { return [] }
        defer { closedir(dir) }
        let own = dirfd(dir)
        var fds: [Int32] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix(while: { $0 != 0 }), as: UTF8.self) }
            if let fd = Int32(name), fd != own { fds.append(fd) }
        }
        return fds
    }

    /// The exit status of `pid` (128 + the signal when killed).
    private static func wait(_ pid: pid_t) -> Int32 {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 { if errno != EINTR { return 127 } }
        return (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
    }
}
