import ArgumentParser
import IBKeyCore

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
