#if canImport(Glibc)
import Glibc
#endif
import IBKeyCore

/// The controlling terminal (`/dev/tty`), used for prompts only. Prompts never
/// touch stdout, so `ibkey respond > file` still prompts on the screen.
///
/// Signals at a prompt are handled as OpenSSH's readpassphrase does: the
/// handler only notes the signal, which breaks off the read; the terminal
/// settings are then restored, and
/// - Ctrl-Z (SIGTSTP, and SIGTTIN/SIGTTOU) stops the process for real; after
///   `fg` the prompt is shown again with echo off again, and what was typed
///   before the stop is discarded;
/// - Ctrl-C ends the command with one line and exit 130;
/// - SIGTERM, SIGHUP and SIGQUIT end it as the signal would.
final class Terminal {
    private let fd: Int32

    /// The signal that broke off the current prompt (0: none). Written by the
    /// handler, read after the read returns; a plain store is all it does.
    /// No exclusivity checks: the handler must do nothing but this store.
    @exclusivity(unchecked) nonisolated(unsafe) private static var pendingSignal: Int32 = 0
    static let watched: [Int32] = [SIGINT, SIGTSTP, SIGTTIN, SIGTTOU, SIGTERM, SIGHUP, SIGQUIT]

    /// nil when the process has no controlling terminal (CI, cron, pipes).
    static func open() -> Terminal? {
        if let forced = getenv("IBKEY_NO_TTY"), forced.pointee != 0 { return nil }
        let fd = Glibc.open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        guard isatty(fd) == 1 else { close(fd); return nil }
        return Terminal(fd: fd)
    }

    /// The terminal an input descriptor is (`--pin-stdin`, `--pin-fd 0`),
    /// read with echo off as the prompt is; nil when `fd` is no terminal.
    /// The descriptor stays open: it is not ours.
    static func input(_ fd: Int32) -> Terminal? {
        if let forced = getenv("IBKEY_NO_TTY"), forced.pointee != 0 { return nil }
        return isatty(fd) == 1 ? Terminal(fd: fd, owned: false) : nil
    }

    private let owned: Bool
    private init(fd: Int32, owned: Bool = true) {
        self.fd = fd
        self.owned = owned
    }
    deinit { if owned { close(fd) } }

    func write(_ text: String) { Console.write(fd, text) }

    /// Reads one line; with `echo: false` the typed characters are not shown.
    /// The line is returned in guarded memory, without its newline. Under an
    /// `EchoHold`, a hidden prompt leaves echo off after it (the hold shows
    /// typing again when it ends) and keeps what was typed ahead of it.
    /// - Parameter bufferSize: the longest line read, newline included.
    /// - Throws: `.interrupted` on Ctrl-C; `.usage` at end of input.
    func readLine(prompt: String, echo: Bool, bufferSize: Int = 1024) throws -> SecureBytes {
        var resumed = false // after Ctrl-Z and `fg`: what was typed before the stop is dropped
        while true {
            var old = termios()
            let haveSettings = tcgetattr(fd, &old) == 0
            let hiding = !echo && haveSettings
            let heldBefore = EchoHold.engaged
            if hiding && EchoHold.isActive && EchoHold.covers(fd) { EchoHold.engage(fd, settings: old) }
            // Whether echo stays off after this prompt (the hold could not engage: it does not).
            let held = hiding && EchoHold.engaged && EchoHold.covers(fd)
            // Typed ahead while echo was already held off: kept for this prompt.
            let flush = !(held && heldBefore) || resumed
            if echo { EchoHold.show(true) }
            let previous = Self.watchSignals()
            if hiding {
                var quiet = Self.withoutEcho(old)
                _ = tcsetattr(fd, flush ? TCSAFLUSH : TCSANOW, &quiet)
            }
            write(prompt)
            let reader = LineReader(fd: fd, bufferSize: bufferSize)
            reader.stopWhenInterrupted = { Terminal.pendingSignal != 0 }
            var line: SecureBytes?
            var failure: Error?
            do { line = try reader.readSecretLine() } catch { failure = error }
            if hiding {
                if !held { _ = tcsetattr(fd, TCSANOW, &old) }
                write("\n")
            }
            if echo { EchoHold.show(false) }
            Self.restoreSignals(previous)
            let signal = Self.pendingSignal
            Self.pendingSignal = 0
            switch signal {
            case 0:
                if let failure { throw failure }
                guard let line else { throw UsageError("no input on the terminal") }
                return line
            case SIGTSTP, SIGTTIN, SIGTTOU:
                if echo { write("\n") }
                // The action restored above: the default one (stop here until
                // `fg`), or under a hold its handler, which shows typing first.
                kill(getpid(), signal)
                resumed = true
                continue // resumed: ask again, echo off again
            case SIGINT:
                if echo { write("\n") }
                throw IBKeyError.interrupted
            default:
                kill(getpid(), signal) // end as the signal would (under a hold, its handler restores the terminal first)
                throw IBKeyError.interrupted
            }
        }
    }

    /// `settings` with typed characters not shown, lines still read whole.
    static func withoutEcho(_ settings: termios) -> termios {
        var quiet = settings
        quiet.c_lflag &= ~tcflag_t(ECHO | ECHONL)
        quiet.c_lflag |= tcflag_t(ICANON)
        return quiet
    }

    /// Installs the noting handler (without SA_RESTART, so the read is
    /// interrupted) for each watched signal, and unblocks them (a parent may
    /// have blocked them, which would leave Ctrl-C without effect); returns
    /// the previous actions.
    private static func watchSignals() -> [sigaction] {
        pendingSignal = 0
        var set = sigset_t()
        sigemptyset(&set)
        for sig in watched { sigaddset(&set, sig) }
        pthread_sigmask(SIG_UNBLOCK, &set, nil)
        var action = sigaction()
        action.__sigaction_handler.sa_handler = { Terminal.pendingSignal = $0 }
        sigemptyset(&action.sa_mask)
        action.sa_flags = 0
        return watched.map { sig in
            var old = sigaction()
            sigaction(sig, &action, &old)
            return old
        }
    }

    private static func restoreSignals(_ previous: [sigaction]) {
        for (sig, old) in zip(watched, previous) {
            var action = old
            sigaction(sig, &action, nil)
        }
    }
}
