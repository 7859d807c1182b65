import ArgumentParser
import IBKeyCore

/// `--pin-fd`, `--pin-file`, `--pin-stdin`.
struct PINOptions: ParsableArguments {
    @Option(name: .customLong("pin-fd"), help: ArgumentHelp("Read the PIN from file descriptor N.", valueName: "n"))
    var pinFD: Int32?
    @Option(name: .customLong("pin-file"), help: ArgumentHelp("Read the PIN from the first line of a file only you can read.", valueName: "path"), completion: Completions.file)
    var pinFile: String?
    @Flag(name: .customLong("pin-stdin"), help: "Read the PIN from the first line of standard input (a terminal: asked, with echo off).")
    var pinStdin = false

    var source: SecretSource { SecretSource(kind: .pin, fd: pinFD, file: pinFile, stdin: pinStdin) }
}

/// `--X-fd N` and `--X-file PATH` for one secret X (Docs/README.md, "Secrets"),
/// named by `Secret`: one option group for every secret but the PIN, which
/// also has `--pin-stdin`.
struct SecretOptions<Secret: SecretName>: ParsableArguments {
    @Option(name: .customLong(Secret.kind.optionPrefix + "-fd"),
            help: ArgumentHelp("Read the \(Secret.kind.label) from file descriptor N.", valueName: "n"))
    var fd: Int32?
    @Option(name: .customLong(Secret.kind.optionPrefix + "-file"),
            help: ArgumentHelp("Read the \(Secret.kind.label) from the first line of a file only you can read.", valueName: "path"),
            completion: Completions.file)
    var file: String?

    var source: SecretSource { SecretSource(kind: Secret.kind, fd: fd, file: file) }
}

/// Names the secret of a `SecretOptions` group.
protocol SecretName { static var kind: SecretKind { get } }
enum RecoveryPINSecret: SecretName { static var kind: SecretKind { .recoveryPIN } }
enum NewPINSecret: SecretName { static var kind: SecretKind { .newPIN } }
enum TokenPINSecret: SecretName { static var kind: SecretKind { .tokenPIN } }
enum RawSecretName: SecretName { static var kind: SecretKind { .secret } }
enum ImportPasswordSecret: SecretName { static var kind: SecretKind { .importPassword } }
enum ExportPasswordSecret: SecretName { static var kind: SecretKind { .exportPassword } }

/// `--recovery-pin-fd`, `--recovery-pin-file`.
typealias RecoveryPINOptions = SecretOptions<RecoveryPINSecret>
/// `--new-pin-fd`, `--new-pin-file`.
typealias NewPINOptions = SecretOptions<NewPINSecret>
/// `--token-pin` (ask at the prompt), `--token-pin-fd`, `--token-pin-file`:
/// the P input of PIN suites, when the verifier is to learn a PIN of the
/// token's own rather than the vault PIN.
struct TokenPINOptions: ParsableArguments {
    @Flag(name: .customLong("token-pin"),
          help: "Ask for a token PIN of its own at the prompt (twice): the PIN the issuer learns, instead of the vault PIN.")
    var ask = false
    @OptionGroup var given: SecretOptions<TokenPINSecret>

    var source: SecretSource { given.source }

    func validate() throws {
        if ask && (given.fd != nil || given.file != nil) {
            throw ValidationError("--token-pin asks at the prompt; leave out --token-pin-fd and --token-pin-file")
        }
    }

    /// Refuses `--token-pin` where no prompt can honour it, before anything is asked.
    func checkPrompt() throws {
        guard ask else { return }
        if EnvironmentSecrets.captured(.tokenPIN) != nil {
            throw UsageError("--token-pin asks at the prompt, but IBKEY_TOKEN_PIN is set too", hint: "use one of them")
        }
        guard Terminal.open() != nil else {
            throw UsageError("--token-pin asks at the terminal, and there is none",
                             hint: "pass --token-pin-fd N, --token-pin-file PATH or set IBKEY_TOKEN_PIN")
        }
    }
}
/// `--secret-fd`, `--secret-file`: a raw OCRA key to import.
typealias RawSecretOptions = SecretOptions<RawSecretName>
/// `--password-fd`, `--password-file`: the password of a PSKC file being imported.
typealias ImportPasswordOptions = SecretOptions<ImportPasswordSecret>
/// `--password-fd`, `--password-file`: the password of the PSKC file `export` writes.
typealias ExportPasswordOptions = SecretOptions<ExportPasswordSecret>

/// The vault and its PIN (`--vault`, `--pin-*`): what opening the vault needs.
struct PINAccessOptions: ParsableArguments {
    @OptionGroup var vault: VaultOptions
    @OptionGroup var pin: PINOptions
}

/// The vault, its PIN and its recovery PIN: what adding users, backups,
/// exports and PIN changes need.
struct BothPINsOptions: ParsableArguments {
    @OptionGroup var vault: VaultOptions
    @OptionGroup var pin: PINOptions
    @OptionGroup var recovery: RecoveryPINOptions
}

/// The recovery PIN and a new PIN: a PIN set from the recovery PIN
/// (`pin reset`, `restore`).
struct RecoveryToNewPINOptions: ParsableArguments {
    @OptionGroup var recovery: RecoveryPINOptions
    @OptionGroup var newPIN: NewPINOptions
}
