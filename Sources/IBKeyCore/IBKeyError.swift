/// Every failure `ibkey` reports. The CLI maps each case to one exit code in one
/// place (`ExitStatus` in the ibkey target); messages are one lowercase line and
/// never contain a secret.
public enum IBKeyError: Error, Equatable, Sendable {
    // 1: checked and rejected
    case rejected(String)
    // 2: usage or bad input
    case usage(String, hint: String? = nil)
    case badChallenge(String)
    case badActivationCode(ActivationCodeError)
    case badRegistrationCode(String)
    case badSuite(String)
    case weakPIN(String)
    case missingSecret(String, hint: String)
    case insecureFile(String, hint: String)
    // 3
    case wrongPIN(attemptsLeft: Int)
    case wrongRecoveryPIN(attemptsLeft: Int)
    // 4
    case vaultBlocked
    case recoveryBlocked
    case issuerUserBlocked(name: String, untilUnix: Int64)
    // 5
    case vaultNotFound(path: String)
    case userNotFound(name: String, known: [String])
    case noUsers
    case storeNotFound(path: String)
    case fileNotFound(path: String)
    // 6
    case damaged(String)
    case unsupportedVersion(what: String, version: Int)
    // 7
    case userExists(String)
    case vaultExists(path: String)
    case storeExists(path: String)
    case alreadyActive(String)
    // 70
    case io(String)
    case internalError(String)

    /// What went wrong, one line, lowercase, no secret.
    public var message: String {
        switch self {
        case .rejected(let s): return s
        case .usage(let s, _): return s
        case .badChallenge(let s): return s
        case .badActivationCode(let e): return "activation code mistyped: \(e.description)"
        case .badRegistrationCode(let s): return "registration code mistyped: \(s)"
        case .badSuite(let s): return "invalid OCRA suite: \(s)"
        case .weakPIN(let s): return s
        case .missingSecret(let s, _): return s
        case .insecureFile(let s, _): return s
        case .wrongPIN(let left):
            return left > 0 ? "wrong PIN (\(left) attempt\(left == 1 ? "" : "s") left before the vault is blocked)"
                            : "wrong PIN: the vault is now blocked"
        case .wrongRecoveryPIN(let left) where left < 0:
            return "wrong recovery PIN"
        case .wrongRecoveryPIN(let left):
            return left > 0 ? "wrong recovery PIN (\(left) attempt\(left == 1 ? "" : "s") left before recovery is blocked)"
                            : "wrong recovery PIN: recovery is now blocked"
        case .vaultBlocked: return "vault blocked after too many wrong PINs"
        case .recoveryBlocked: return "recovery blocked after too many wrong recovery PINs"
        case .issuerUserBlocked(let name, _): return "user '\(name)' is blocked after too many failed responses"
        case .vaultNotFound(let path): return "no vault at \(path)"
        case .userNotFound(let name, _): return "no user '\(name)'"
        case .noUsers: return "no users are enrolled"
        case .storeNotFound(let path): return "no issuer store at \(path)"
        case .fileNotFound(let path): return "no such file: \(path)"
        case .damaged(let s): return s
        case .unsupportedVersion(let what, let v): return "\(what) has format version \(v), which this ibkey does not support"
        case .userExists(let n): return "user '\(n)' is already enrolled"
        case .vaultExists(let path): return "a vault already exists at \(path)"
        case .storeExists(let path): return "an issuer store already exists at \(path)"
        case .alreadyActive(let n): return "user '\(n)' is already active"
        case .io(let s): return s
        case .internalError(let s): return "internal error: \(s)"
        }
    }

    /// What to do about it, or nil.
    public var hint: String? {
        switch self {
        case .usage(_, let h): return h
        case .missingSecret(_, let h), .insecureFile(_, let h): return h
        case .badActivationCode: return "retype the code exactly as the issuer printed it"
        case .wrongPIN(let left):
            return left == 0 ? "run 'ibkey pin reset' with your recovery PIN" : nil
        case .vaultBlocked:
            return "run 'ibkey pin reset' with your recovery PIN"
        case .recoveryBlocked:
            return "restore a backup with 'ibkey restore FILE' or start over with 'ibkey reset'"
        case .issuerUserBlocked(_, let until):
            return "try again after \(Timestamp.iso8601(until))"
        case .vaultNotFound: return "enroll a user first with 'ibkey enroll --user NAME', or pass --vault PATH"
        case .userNotFound(_, let known):
            return known.isEmpty ? nil : "enrolled users: \(known.joined(separator: ", "))"
        case .storeNotFound: return "create it with 'ibkey issuer init', or pass --store PATH"
        case .noUsers: return "enroll one with 'ibkey enroll --user NAME'"
        case .vaultExists: return "pass --force to replace it"
        case .damaged: return "restore from a backup with 'ibkey restore FILE'"
        default: return nil
        }
    }
}
