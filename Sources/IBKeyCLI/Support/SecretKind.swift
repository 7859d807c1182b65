#if canImport(Glibc)
import Glibc
#endif
import IBKeyCore

/// The three secrets a command can ask for (Docs/README.md, "Secrets"), and where each
/// comes from, in order: `--X-fd N`, `--X-file PATH`, (`--pin-stdin`), env
/// `IBKEY_X`, then a prompt on the terminal with echo off. Never argv.
enum SecretKind: String, CaseIterable {
    case pin = "pin", recoveryPIN = "recovery-pin", newPIN = "new-pin"

    var envName: String {
        switch self { case .pin: "IBKEY_PIN"; case .recoveryPIN: "IBKEY_RECOVERY_PIN"; case .newPIN: "IBKEY_NEW_PIN" }
    }
    var label: String {
        switch self { case .pin: "PIN"; case .recoveryPIN: "recovery PIN"; case .newPIN: "new PIN" }
    }
}
