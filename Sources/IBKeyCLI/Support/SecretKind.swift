/// The secrets a command can ask for (Docs/README.md, "Secrets"), and where
/// each comes from, in order: `--X-fd N`, `--X-file PATH`, (`--pin-stdin`),
/// env `IBKEY_X`, then a prompt on the terminal with echo off. Never argv.
enum SecretKind: CaseIterable {
    case pin, recoveryPIN, newPIN
    /// The P input of PIN suites, when it is not the vault PIN.
    case tokenPIN
    /// A raw OCRA key to import.
    case secret
    /// The password of an encrypted PSKC file being imported, or being exported.
    case importPassword, exportPassword
    /// The pre-shared key of a PSKC file (`--psk-file` only; never in the environment).
    case preSharedKey

    /// X in `--X-fd` and `--X-file`.
    var optionPrefix: String {
        switch self {
        case .pin: "pin"
        case .recoveryPIN: "recovery-pin"
        case .newPIN: "new-pin"
        case .tokenPIN: "token-pin"
        case .secret: "secret"
        case .importPassword, .exportPassword: "password"
        case .preSharedKey: "psk"
        }
    }

    var envName: String {
        switch self {
        case .pin: "IBKEY_PIN"
        case .recoveryPIN: "IBKEY_RECOVERY_PIN"
        case .newPIN: "IBKEY_NEW_PIN"
        case .tokenPIN: "IBKEY_TOKEN_PIN"
        case .secret: "IBKEY_SECRET"
        case .importPassword: "IBKEY_IMPORT_PASSWORD"
        case .exportPassword: "IBKEY_EXPORT_PASSWORD"
        case .preSharedKey: ""
        }
    }

    var label: String {
        switch self {
        case .pin: "PIN"
        case .recoveryPIN: "recovery PIN"
        case .newPIN: "new PIN"
        case .tokenPIN: "token PIN"
        case .secret: "secret"
        case .importPassword, .exportPassword: "password"
        case .preSharedKey: "pre-shared key"
        }
    }

    /// The prompt when nothing else gives the secret.
    var prompt: String { label.prefix(1).uppercased() + label.dropFirst() + ": " }
}
