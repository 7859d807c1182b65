import IBKeyCore

/// What to do about an error: the second line (`hint: …`) under
/// `ibkey: error: …`. Here rather than in the core because hints name the
/// CLI's own commands and flags.
extension IBKeyError {
    /// The error line as the CLI says it: the core's message, with the option
    /// that resolves it where the core cannot name one.
    var cliMessage: String {
        switch self {
        case .userNotChosen: return message + "; choose one with --user NAME"
        default: return message
        }
    }

    var hint: String? {
        switch self {
        case .unsafeFile(let f): return f.hint
        case .fileExists: return "choose another --output"
        case .notRegularFile: return "to read a key file from a pipe, give '-' and send it on standard input"
        case .wrongKindOfUser(let name, .ocra): return "use 'ibkey respond --user \(Shell.quoted(name)) CHALLENGE'"
        case .wrongKindOfUser(let name, .otp): return "use 'ibkey code --user \(Shell.quoted(name))'"
        case .userNameInChallenge(let name, let rest):
            return "name the user with --user: ibkey respond --user \(name) \(rest.joined(separator: " "))"
        case .userNotActive(let name): return "run 'ibkey issuer activate \(name) REGCODE' first"
        case .responseRejected(let user, .noOpenChallenge): return "run 'ibkey issuer challenge \(user)' first"
        case .responseRejected(_, .codeAlreadyUsed): return "wait for the authenticator's next code, and type that"
        case .noChallengeForCodes(let name, _): return "check a code from the user's authenticator app with 'ibkey issuer verify \(Shell.quoted(name)) CODE'"
        case .badActivationCode: return "retype the code exactly as the issuer printed it"
        case .suiteInput(.sessionRefused): return "leave out --session and --session-hex"
        case .suiteInput(.sessionMissing), .suiteInput(.sessionTooLong): return "pass --session TEXT or --session-hex HEX"
        case .suiteInput(.tokenPINMissing): return "pass --token-pin-fd N, --token-pin-file PATH or set IBKEY_TOKEN_PIN"
        case .notAKeyFile:
            return "for a raw secret, give no file: 'ibkey import --user NAME --totp' (or --hotp) for a base32 one, '--suite SUITE' for an OCRA key"
        case .image(.libraryMissing(_, let package)): return "install it: sudo apt install \(package)"
        case .image(.unsupportedFormat): return "save the screenshot as PNG or JPEG"
        case .image(.noQRCode), .image(.corrupt): return "take the screenshot again, with the whole QR code in it, and save it as PNG"
        case .suiteInput(.timeRefused): return "leave out --at"
        case .noOTPAccounts: return "OCRA users answer challenges with 'ibkey respond'; add an account with 'ibkey import'"
        case .wrongPIN(let left): return left == 0 ? "run 'ibkey pin reset' with your recovery PIN" : nil
        case .vaultBlocked: return "run 'ibkey pin reset' with your recovery PIN"
        case .recoveryBlocked: return "restore a backup with 'ibkey restore FILE' or start over with 'ibkey reset'"
        case .issuerUserBlocked(_, let until): return "try again after \(Timestamp.iso8601(until))"
        case .vaultNotFound: return "enroll a user first with 'ibkey enroll --user NAME', or pass --vault PATH"
        case .userNotFound(_, let known): return known.isEmpty ? nil : "enrolled users: \(known.joined(separator: ", "))"
        case .storeNotFound: return "create it with 'ibkey issuer init', or pass --store PATH"
        case .noUsers: return "enroll one with 'ibkey enroll --user NAME'"
        case .vaultExists: return "pass --force to replace it"
        case .damaged(let damage):
            switch damage.file {
            case .issuerStore, .issuerKeyFile:
                return "restore the store and its key file from a copy of your own, or move them aside and start again with 'ibkey issuer init' (the users then enroll again)"
            case .backup: return "this backup cannot be used; restore another one"
            case .vault: return "restore from a backup with 'ibkey restore FILE'"
            }
        case .damagedKeyFile: return "check the pre-shared key (--psk-file), or ask for a fresh copy of the file"
        case .busy: return "leave out --no-wait to wait for it"
        case .selftestFailed: return "run 'ibkey selftest --verbose' to see each test"
        default: return nil
        }
    }
}

extension UnsafeFile {
    /// The fix for a refused file or folder.
    var hint: String {
        switch problem {
        case .writableByOthers: "run 'chmod go-w \(path)'"
        case .sharedFolder: "keep it in a folder of your own, such as the default path"
        case .ownedByAnotherUser: "use a \(role) of your own"
        case .hardLinks: "keep one name: remove the other links (find / -samefile \(path)), and copy the file for a snapshot"
        case .readableByOthers, .openToOthers: "run 'chmod 600 \(path)'"
        case .symbolicLink: "pass the file it points to with --vault, or move the file to this path"
        case .folder: "name the \(role) itself, not the folder it is in"
        }
    }
}

/// An `IBKeyError` with a hint of the command's own (`backup` can `--force`
/// where `export` cannot); the exit code is still the error's.
struct HintedError: Error {
    let error: IBKeyError
    let hint: String
}
