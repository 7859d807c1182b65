import ArgumentParser
#if canImport(Glibc)
import Glibc
#endif
import IBKeyCore

/// `--vault PATH` (env IBKEY_VAULT; default $XDG_DATA_HOME/ibkey/vault.ibkey).
struct VaultOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The vault file. Default: $IBKEY_VAULT, else $XDG_DATA_HOME/ibkey/vault.ibkey (~/.local/share when unset).", valueName: "path"))
    var vault: String?

    var path: String { Self.resolve(vault) }

    /// `--vault` if given, else $IBKEY_VAULT, else the default under $XDG_DATA_HOME.
    static func resolve(_ explicit: String?) -> String {
        if let explicit, !explicit.isEmpty { return explicit }
        if let env = Environment.value("IBKEY_VAULT"), !env.isEmpty { return env }
        return Environment.dataHome + "/ibkey/vault.ibkey"
    }

    var store: VaultStore { VaultStore(path: path) }
}

struct JSONOption: ParsableArguments {
    @Flag(name: .long, help: "Print machine-readable JSON on stdout.")
    var json = false
}

/// `--pin-fd`, `--pin-file`, `--pin-stdin`.
struct PINOptions: ParsableArguments {
    @Option(name: .customLong("pin-fd"), help: ArgumentHelp("Read the PIN from file descriptor N.", valueName: "n"))
    var pinFD: Int32?
    @Option(name: .customLong("pin-file"), help: ArgumentHelp("Read the PIN from the first line of a file only you can read.", valueName: "path"))
    var pinFile: String?
    @Flag(name: .customLong("pin-stdin"), help: "Read the PIN from the first line of standard input.")
    var pinStdin = false

    var source: SecretSource { SecretSource(kind: .pin, fd: pinFD, file: pinFile, stdin: pinStdin) }
}

/// `--recovery-pin-fd`, `--recovery-pin-file`.
struct RecoveryPINOptions: ParsableArguments {
    @Option(name: .customLong("recovery-pin-fd"), help: ArgumentHelp("Read the recovery PIN from file descriptor N.", valueName: "n"))
    var fd: Int32?
    @Option(name: .customLong("recovery-pin-file"), help: ArgumentHelp("Read the recovery PIN from the first line of a file only you can read.", valueName: "path"))
    var file: String?

    var source: SecretSource { SecretSource(kind: .recoveryPIN, fd: fd, file: file) }
}

/// `--new-pin-fd`, `--new-pin-file`.
struct NewPINOptions: ParsableArguments {
    @Option(name: .customLong("new-pin-fd"), help: ArgumentHelp("Read the new PIN from file descriptor N.", valueName: "n"))
    var fd: Int32?
    @Option(name: .customLong("new-pin-file"), help: ArgumentHelp("Read the new PIN from the first line of a file only you can read.", valueName: "path"))
    var file: String?

    var source: SecretSource { SecretSource(kind: .newPIN, fd: fd, file: file) }
}

extension KDFLevel: ExpressibleByArgument {}

enum Environment {
    static func value(_ name: String) -> String? {
        guard let p = getenv(name) else { return nil }
        return String(cString: p)
    }

    static var dataHome: String {
        if let x = value("XDG_DATA_HOME"), !x.isEmpty { return x }
        return (value("HOME") ?? ".") + "/.local/share"
    }

    /// Seconds since the epoch; `IBKEY_TEST_NOW` pins it for tests of expiry and
    /// lockout. Values outside 0…2^40 are ignored, so that the issuer's time
    /// arithmetic (now + TTL, now + 24 h) can never overflow.
    static var now: Int64 {
        if let s = value("IBKEY_TEST_NOW"), let v = Int64(s), (0...(Int64(1) << 40)).contains(v) { return v }
        return Int64(time(nil))
    }
}
