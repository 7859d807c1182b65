#if canImport(Glibc)
import Glibc
#endif

/// Keeps the terminal's echo off for as long as a secret may be typed: from
/// the first hidden prompt made while a hold is alive until the last hold
/// ends. Between a PIN and the unlocking that follows, a new secret and its
/// repeat, a wrong PIN and its retry, what a person types early is neither
/// shown nor thrown away (only the first prompt of a hold, and a prompt
/// again after Ctrl-Z, drop what was typed before them).
///
/// Outside a prompt the process may be deep in a key derivation when a signal
/// comes, so the hold's handler does the terminal's part itself: it puts the
/// settings of before back (tcsetattr is async-signal-safe), then lets the
/// signal act as it would; after a stop (Ctrl-Z, then `fg`) it hides typing
/// again. At a prompt, `Terminal.readLine`'s own handler takes over.
///
/// Holds nest: commands hold across their whole sequence of secrets, and
/// `VaultAccess` holds across the PIN and its unlocking.
final class EchoHold {
    // Read by the signal handler: set before it is installed, plain loads there.
    @exclusivity(unchecked) nonisolated(unsafe) private static var depth = 0
    /// Our own descriptor of the terminal while echo is held off; -1 otherwise.
    @exclusivity(unchecked) nonisolated(unsafe) private static var fd: Int32 = -1
    /// The settings from before the first hidden prompt, put back at the end.
    @exclusivity(unchecked) nonisolated(unsafe) private static var original = termios()
    /// The same settings without echo.
    @exclusivity(unchecked) nonisolated(unsafe) private(set) static var hidden = termios()
    nonisolated(unsafe) private static var previousActions: [sigaction] = []

    private var ended = false

    init() { Self.depth += 1 }
    deinit { end() }

    /// Ends this hold; the last one to end shows typing again. Idempotent.
    func end() {
        guard !ended else { return }
        ended = true
        Self.depth -= 1
        if Self.depth == 0 { Self.release() }
    }

    /// Runs `body` under a hold.
    static func during<R>(_ body: () throws -> R) rethrows -> R {
        let hold = EchoHold()
        defer { hold.end() }
        return try body()
    }

    /// Whether a hold is alive (a hidden prompt then keeps echo off after it).
    static var isActive: Bool { depth > 0 }
    /// Whether echo is being held off now.
    static var engaged: Bool { fd >= 0 }

    /// Whether a hidden prompt on `ttyFD` is held: the hold is not engaged
    /// yet, or holds that same terminal (`--pin-stdin` may read another one).
    static func covers(_ ttyFD: Int32) -> Bool {
        guard engaged else { return true }
        var mine = stat(), theirs = stat()
        return fstat(fd, &mine) == 0 && fstat(ttyFD, &theirs) == 0 && mine.st_rdev == theirs.st_rdev
    }

    /// Holds echo off from now on, on the terminal of `ttyFD`, whose current
    /// settings are `settings`; called by the first hidden prompt of a hold.
    static func engage(_ ttyFD: Int32, settings: termios) {
        guard !engaged else { return }
        original = settings
        hidden = Terminal.withoutEcho(settings)
        fd = fcntl(ttyFD, F_DUPFD_CLOEXEC, 0)
        guard fd >= 0 else { return }
        var action = sigaction()
        action.__sigaction_handler.sa_handler = { EchoHold.handle($0) }
        sigemptyset(&action.sa_mask)
        action.sa_flags = 0
        previousActions = Terminal.watched.map { sig in
            var old = sigaction()
            sigaction(sig, &action, &old)
            return old
        }
    }

    /// Shows typing for one prompt that echoes (a code, a challenge) asked
    /// while echo is held off; `false` hides it again.
    static func show(_ visible: Bool) {
        guard engaged else { return }
        if visible { _ = tcsetattr(fd, TCSANOW, &original) } else { _ = tcsetattr(fd, TCSANOW, &hidden) }
    }

    /// The settings of before, then the signal actions of before.
    private static func release() {
        guard fd >= 0 else { return }
        _ = tcsetattr(fd, TCSANOW, &original)
        for (sig, old) in zip(Terminal.watched, previousActions) {
            var action = old
            sigaction(sig, &action, nil)
        }
        previousActions = []
        close(fd)
        fd = -1
    }

    /// The handler while echo is held off and no prompt is up: the terminal
    /// as it was, then the signal's own action (a stop, or the end); after a
    /// stop, echo off again and this handler back.
    private static func handle(_ sig: Int32) {
        let savedErrno = errno
        if fd >= 0 { _ = tcsetattr(fd, TCSANOW, &original) }
        var byDefault = sigaction()
        byDefault.__sigaction_handler.sa_handler = SIG_DFL
        sigemptyset(&byDefault.sa_mask)
        sigaction(sig, &byDefault, nil)
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, sig)
        sigprocmask(SIG_UNBLOCK, &set, nil)
        raise(sig) // stops here until `fg`, or ends the process
        if fd >= 0 { _ = tcsetattr(fd, TCSANOW, &hidden) }
        var again = sigaction()
        again.__sigaction_handler.sa_handler = { EchoHold.handle($0) }
        sigemptyset(&again.sa_mask)
        sigaction(sig, &again, nil)
        errno = savedErrno
    }
}
