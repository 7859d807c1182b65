import IBKeyCore

/// What to do about an error: the second line (`hint: …`) under
/// `ibkey: error: …`. Here rather than in the core because hints name the
/// CLI's own commands and flags.
extension IBKeyError {
    var hint: String? {
        switch self {
        case .usage(_, let h): return h
        case .missingSecret(_, let h), .insecureFile(_, let h): return h
        case .symbolicLink: return "pass the file it points to with --vault, or move the file to this path"
        case .userNotActive(let name): return "run 'ibkey issuer activate \(name) REGCODE' first"
        case .responseRejected(let user, .noOpenChallenge): return "run 'ibkey issuer challenge \(user)' first"
        case .badActivationCode: return "retype the code exactly as the issuer printed it"
        case .suiteInput(.sessionRefused): return "leave out --session and --session-hex"
        case .suiteInput(.sessionMissing), .suiteInput(.sessionTooLong): return "pass --session TEXT or --session-hex HEX"
        case .suiteInput(.tokenPINMissing): return "pass --token-pin-fd N, --token-pin-file PATH or set IBKEY_TOKEN_PIN"
        case .notAKeyFile: return "for a raw hex or base32 secret, use 'ibkey import --user NAME --suite SUITE' with no file"
        case .wrongPIN(let left): return left == 0 ? "run 'ibkey pin reset' with your recovery PIN" : nil
        case .vaultBlocked: return "run 'ibkey pin reset' with your recovery PIN"
        case .recoveryBlocked: return "restore a backup with 'ibkey restore FILE' or start over with 'ibkey reset'"
        case .issuerUserBlocked(_, let until): return "try again after \(Timestamp.iso8601(until))"
        case .vaultNotFound: return "enroll a user first with 'ibkey enroll --user NAME', or pass --vault PATH"
        case .userNotFound(_, let known): return known.isEmpty ? nil : "enrolled users: \(known.joined(separator: ", "))"
        case .storeNotFound: return "create it with 'ibkey issuer init', or pass --store PATH"
        case .noUsers: return "enroll one with 'ibkey enroll --user NAME'"
        case .vaultExists: return "pass --force to replace it"
        // Damage messages start with what is damaged ("vault damaged: …", "backup damaged: …").
        case .damaged(let message) where message.hasPrefix("issuer store"):
            return "restore the store and its key file from a copy of your own, or move them aside and start again with 'ibkey issuer init' (the users then enroll again)"
        case .damaged(let message) where message.hasPrefix("backup"): return "this backup cannot be used; restore another one"
        case .damaged: return "restore from a backup with 'ibkey restore FILE'"
        case .damagedKeyFile: return "check the pre-shared key (--psk-file), or ask for a fresh copy of the file"
        case .busy: return "leave out --no-wait to wait for it"
        case .selftestFailed: return "run 'ibkey selftest --verbose' to see each test"
        default: return nil
        }
    }
}
