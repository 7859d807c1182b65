#if canImport(Glibc)
import Glibc
#endif
import IBKeyCore

/// The controlling terminal (`/dev/tty`), used for prompts only. Prompts never
/// touch stdout, so `ibkey respond > file` still prompts on the screen.
final class Terminal {
    private let fd: Int32

    /// The saved settings, restored by the signal handler if the user presses
    /// Ctrl-C while echo is off. Only touched from the main thread and the handler.
    nonisolated(unsafe) static var savedSettings: termios?
    nonisolated(unsafe) static var savedFD: Int32 = -1

    /// nil when the process has no controlling terminal (CI, cron, pipes).
    static func open() -> Terminal? {
        if let forced = getenv("IBKEY_NO_TTY"), forced.pointee != 0 { return nil }
        let fd = Glibc.open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        guard isatty(fd) == 1 else { close(fd); return nil }
        return Terminal(fd: fd)
    }

    private init(fd: Int32) { self.fd = fd }
    deinit { close(fd) }

    func write(_ text: String) { Console.write(fd, text) }

    /// Reads one line; with `echo: false` the typed characters are not shown.
    /// The line is returned in guarded memory, without its newline.
    func readLine(prompt: String, echo: Bool) throws -> SecureBytes {
        write(prompt)
        var old = termios()
        let haveSettings = tcgetattr(fd, &old) == 0
        if !echo && haveSettings {
            var quiet = old
            quiet.c_lflag &= ~tcflag_t(ECHO | ECHONL)
            quiet.c_lflag |= tcflag_t(ICANON)
            Terminal.savedSettings = old
            Terminal.savedFD = fd
            installRestoreOnSignal()
            _ = tcsetattr(fd, TCSAFLUSH, &quiet)
        }
        defer {
            if !echo && haveSettings {
                _ = tcsetattr(fd, TCSAFLUSH, &old)
                Terminal.savedSettings = nil
                write("\n")
            }
        }
        let line = LineReader(fd: fd, bufferSize: 1024)
        guard let result = try line.readSecretLine() else {
            throw IBKeyError.usage("no input on the terminal")
        }
        return result
    }

    private func installRestoreOnSignal() {
        let handler: @convention(c) (Int32) -> Void = { sig in
            if var s = Terminal.savedSettings { _ = tcsetattr(Terminal.savedFD, TCSAFLUSH, &s) }
            _ = Glibc.write(Terminal.savedFD, "\n", 1)
            _exit(128 + sig)
        }
        signal(SIGINT, handler)
        signal(SIGTERM, handler)
        signal(SIGHUP, handler)
    }
}
