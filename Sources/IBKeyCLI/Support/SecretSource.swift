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
        var opts = ["--\(kind.rawValue)-fd N", "--\(kind.rawValue)-file PATH"]
        if kind == .pin { opts.append("--pin-stdin") }
        return "pass \(opts.joined(separator: ", ")) or set \(kind.envName)"
    }

    /// Reads the secret. `confirm` asks twice when prompting (new PINs).
    func read(prompt: String? = nil, confirm: Bool = false) throws -> SecureBytes {
        let secret = try readRaw(prompt: prompt, confirm: confirm)
        guard secret.count > 0 else { throw IBKeyError.usage("the \(kind.label) is empty") }
        return secret
    }

    private func readRaw(prompt: String?, confirm: Bool) throws -> SecureBytes {
        if let fd {
            guard fd >= 0, fcntl(fd, F_GETFD) != -1 else {
                throw IBKeyError.usage("--\(kind.rawValue)-fd \(fd) is not an open file descriptor")
            }
            return try Self.firstLine(of: fd, source: "the \(kind.label) from file descriptor \(fd)",
                                      ifEmpty: "no \(kind.label) on file descriptor \(fd)")
        }
        if let file { return try Self.readFile(file, kind: kind) }
        if stdin {
            guard let line = try LineReader.standardInput.readSecretLine() else {
                throw IBKeyError.usage("no \(kind.label) on standard input (--pin-stdin reads its first line)")
            }
            return line
        }
        if let env = EnvironmentSecrets.take(kind) { return env }
        guard let tty = Terminal.open() else {
            throw IBKeyError.missingSecret("no \(kind.label) given and no terminal to ask on", hint: optionsHint)
        }
        let text = prompt ?? "\(kind.label.prefix(1).uppercased() + kind.label.dropFirst()): "
        let first = try tty.readLine(prompt: text, echo: false)
        if confirm {
            let again = try tty.readLine(prompt: "Repeat \(kind.label): ", echo: false)
            guard first.constantTimeEquals(again) else { throw IBKeyError.usage("the two \(kind.label)s differ; nothing was changed") }
        }
        return first
    }

    /// First line of a file that only its owner can read.
    static func readFile(_ path: String, kind: SecretKind) throws -> SecureBytes {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            throw IBKeyError.usage("cannot read \(kind.label) file \(path): \(String(cString: strerror(errno)))")
        }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else {
            throw IBKeyError.usage("cannot read \(kind.label) file \(path): \(String(cString: strerror(errno)))")
        }
        if st.st_mode & S_IFMT == S_IFDIR {
            throw IBKeyError.usage("cannot read \(kind.label) file \(path): it is a folder")
        }
        if st.st_mode & S_IFMT == S_IFREG, st.st_mode & 0o077 != 0 {
            throw IBKeyError.insecureFile("\(kind.label) file \(path) can be read by other users",
                                          hint: "run 'chmod 600 \(path)'")
        }
        return try firstLine(of: fd, source: "\(kind.label) file \(path)", ifEmpty: "\(kind.label) file \(path) is empty")
    }

    /// The first line of a secret's fd or file. A read error is the user's
    /// input gone wrong (exit 2), reported with the error of the failed read.
    private static func firstLine(of fd: Int32, source: String, ifEmpty: String) throws -> SecureBytes {
        let reader = LineReader(fd: fd, bufferSize: LineReader.maxLine + 2, source: source)
        let line: SecureBytes?
        do { line = try reader.readSecretLine() } catch IBKeyError.io(let why) { throw IBKeyError.usage(why) }
        guard let line else { throw IBKeyError.usage(ifEmpty) }
        return line
    }
}
