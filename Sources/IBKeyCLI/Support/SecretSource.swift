#if canImport(Glibc)
import Glibc
#endif
import IBKeyCore

/// Where one secret comes from for this invocation.
struct SecretSource {
    var kind: SecretKind
    var fd: Int32?
    var file: String?
    var stdin = false

    /// The options that would give this secret, for the "missing" error.
    var optionsHint: String {
        var opts = ["--\(kind.optionPrefix)-fd N", "--\(kind.optionPrefix)-file PATH"]
        if kind == .pin { opts.append("--pin-stdin") }
        return "pass \(opts.joined(separator: ", ")) or set \(kind.envName)"
    }

    /// Reads the secret, prompting on the terminal when nothing else gives it.
    func read(prompt: String? = nil) throws -> SecureBytes {
        if let secret = try nonInteractive() { return secret }
        let tty = try terminal()
        let secret = try tty.readLine(prompt: prompt ?? kind.prompt, echo: false)
        guard secret.count > 0 else { throw UsageError("the \(kind.label) is empty") }
        return secret
    }

    /// Whether only the prompt gives this secret (no option, no variable):
    /// a wrong one may then be asked for again.
    var isPrompt: Bool { fd == nil && file == nil && !stdin && EnvironmentSecrets.captured(kind) == nil }

    /// A new PIN or recovery PIN, checked by `check` as soon as it is typed.
    /// On a terminal a refused entry, or a repeat that differs, is asked
    /// again, three tries in all (as `passwd` does); from any other source the
    /// first refusal ends the command (exit 2). Echo stays off from the entry
    /// to its repeat, through the check (`EchoHold`): a repeat typed early is
    /// never shown.
    /// - Parameters:
    ///   - prompt: the first prompt; the repeat asks "Repeat <label>: ".
    ///   - label: what is being set ("PIN", "recovery PIN").
    ///   - intro: one line said before the first prompt (what this secret is for).
    ///   - check: the policy; throws `IBKeyError` or `UsageError` saying why an entry is refused.
    func readNew(prompt: String, label: String, intro: String? = nil,
                 check: (SecureBytes) throws -> Void) throws -> SecureBytes {
        if let secret = try nonInteractive() {
            try check(secret)
            return secret
        }
        let tty = try terminal()
        if let intro { tty.write(intro + "\n") }
        return try EchoHold.during {
            try tty.readLine(prompt: prompt, echo: false) { first in
                do {
                    guard first.count > 0 else { throw UsageError("the \(label) is empty") }
                    try Busy.during("checking") { try check(first) }
                } catch let error as IBKeyError {
                    throw Terminal.Refused(error)
                } catch let error as UsageError {
                    throw Terminal.Refused(error)
                }
                let again = try tty.readLine(prompt: "Repeat \(label): ", echo: false)
                guard first.constantTimeEquals(again) else {
                    throw Terminal.Refused(UsageError("the two \(label)s differ; nothing was changed"), saying: "the two entries differ")
                }
                return first
            }
        }
    }

    /// The secret from `--X-fd`, `--X-file`, `--pin-stdin` or the environment,
    /// in that order; nil when only a prompt could give it. An input that is
    /// a terminal is read as the prompt reads, with echo off.
    func nonInteractive() throws -> SecureBytes? {
        let secret: SecureBytes
        if let fd {
            guard fd >= 0, fcntl(fd, F_GETFD) != -1 else {
                throw UsageError("--\(kind.optionPrefix)-fd \(fd) is not an open file descriptor")
            }
            secret = try Self.firstLine(of: fd, kind: kind, source: "the \(kind.label) from file descriptor \(fd)",
                                        ifEmpty: "no \(kind.label) on file descriptor \(fd)")
        } else if let file {
            secret = try Self.readFile(file, kind: kind)
        } else if stdin {
            if let tty = Terminal.input(0) {
                secret = try tty.readLine(prompt: kind.prompt, echo: false)
            } else {
                guard let line = try LineReader.standardInput.readSecretLine() else {
                    throw UsageError("no \(kind.label) on standard input (--pin-stdin reads its first line)")
                }
                secret = line
            }
        } else if let env = EnvironmentSecrets.captured(kind) {
            secret = env
        } else {
            return nil
        }
        guard secret.count > 0 else { throw UsageError("the \(kind.label) is empty") }
        return secret
    }

    /// The terminal to prompt on, or the error that names the options.
    private func terminal() throws -> Terminal {
        guard let tty = Terminal.open() else {
            throw UsageError("no \(kind.label) given and no terminal to ask on", hint: optionsHint)
        }
        return tty
    }

    /// First line of a file that only its owner can read.
    static func readFile(_ path: String, kind: SecretKind) throws -> SecureBytes {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            throw UsageError("cannot read \(kind.label) file \(path): \(String(cString: strerror(errno)))")
        }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else {
            throw UsageError("cannot read \(kind.label) file \(path): \(String(cString: strerror(errno)))")
        }
        if st.st_mode & S_IFMT == S_IFDIR {
            throw UsageError("cannot read \(kind.label) file \(path): it is a folder")
        }
        if st.st_mode & S_IFMT == S_IFREG, st.st_mode & 0o077 != 0 {
            throw IBKeyError.unsafeFile(UnsafeFile(path: path, role: "\(kind.label) file", problem: .readableByOthers))
        }
        return try firstLine(of: fd, kind: kind, source: "\(kind.label) file \(path)", ifEmpty: "\(kind.label) file \(path) is empty")
    }

    /// The first line of a secret's fd or file. A read error is the user's
    /// input gone wrong (exit 2), reported with the error of the failed read.
    /// A terminal (`--pin-fd 0` at a shell) is read with echo off, after the prompt.
    private static func firstLine(of fd: Int32, kind: SecretKind, source: String, ifEmpty: String) throws -> SecureBytes {
        if let tty = Terminal.input(fd) { return try tty.readLine(prompt: kind.prompt, echo: false) }
        let reader = LineReader(fd: fd, bufferSize: LineReader.maxLine + 2, source: source)
        let line: SecureBytes?
        do { line = try reader.readSecretLine() } catch IBKeyError.io(let why) { throw UsageError(why) }
        guard let line else { throw UsageError(ifEmpty) }
        return line
    }
}
