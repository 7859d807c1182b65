/// Every failure `ibkey` reports. The core says what went wrong (`message`:
/// one lowercase line, never a secret); the CLI maps each case to one exit
/// code (`ExitStatus`) and adds what to do about it (`hint`), since only the
/// CLI knows its own commands and flags.
public enum IBKeyError: Error, Equatable, Sendable {
    // Checked and rejected.
    /// A registration code that is well-formed but was not sealed by this user's key.
    case rejected(String)
    /// `issuer verify` said no.
    case responseRejected(user: String, reason: Rejection)
    /// `selftest`: some known answers did not match.
    case selftestFailed(failed: Int, total: Int)
    // Usage or bad input.
    case usage(String, hint: String? = nil)
    case badChallenge(String)
    case badActivationCode(ActivationCodeError)
    case badRegistrationCode(String)
    case badSuite(String)
    case weakPIN(String)
    case missingSecret(String, hint: String)
    case insecureFile(String, hint: String)
    /// A vault path whose last component is a symbolic link.
    case symbolicLink(what: String, path: String)
    /// An issuer user that has not been activated yet.
    case userNotActive(String)
    // Wrong PIN.
    case wrongPIN(attemptsLeft: Int)
    /// `attemptsLeft` is negative when attempts are not counted (a backup).
    case wrongRecoveryPIN(attemptsLeft: Int)
    /// The password of an encrypted file (PSKC) does not open it.
    case wrongPassword(String)
    // Blocked.
    case vaultBlocked
    case recoveryBlocked
    case issuerUserBlocked(name: String, untilUnix: Int64)
    // Not found.
    case vaultNotFound(path: String)
    case userNotFound(name: String, known: [String])
    case noUsers
    case storeNotFound(path: String)
    case fileNotFound(path: String)
    // Damaged.
    case damaged(String)
    /// A key file (PSKC) whose MAC fails without a password: damaged, or the wrong pre-shared key.
    case damagedKeyFile(String)
    case unsupportedVersion(what: String, version: Int)
    // Conflict.
    case userExists(String)
    case vaultExists(path: String)
    case storeExists(path: String)
    case alreadyActive(String)
    // Busy.
    /// Another process holds the lock of `what` and `--no-wait` was given.
    case busy(what: String, holder: Int32?)
    // Interrupted.
    /// Ctrl-C (or another signal) at a prompt.
    case interrupted
    // Internal.
    case io(String)
    case internalError(String)

    /// What went wrong, one line, lowercase, no secret.
    public var message: String {
        switch self {
        case .rejected(let s): return s
        case .responseRejected(_, let reason): return reason.description
        case .selftestFailed(let failed, let total): return "\(failed) of \(total) known-answer tests failed"
        case .usage(let s, _): return s
        case .badChallenge(let s): return s
        case .badActivationCode(let e): return "activation code mistyped: \(e.description)"
        case .badRegistrationCode(let s): return "registration code mistyped: \(s)"
        case .badSuite(let s): return "invalid OCRA suite: \(s)"
        case .weakPIN(let s): return s
        case .missingSecret(let s, _): return s
        case .insecureFile(let s, _): return s
        case .symbolicLink(let what, let path): return "\(what) \(path) is a symbolic link"
        case .userNotActive(let n): return "user '\(n)' is not active yet"
        case .wrongPIN(let left):
            return left > 0 ? "wrong PIN (\(left) attempt\(left == 1 ? "" : "s") left before the vault is blocked)"
                            : "wrong PIN: the vault is now blocked"
        case .wrongRecoveryPIN(let left) where left < 0:
            return "wrong recovery PIN"
        case .wrongRecoveryPIN(let left):
            return left > 0 ? "wrong recovery PIN (\(left) attempt\(left == 1 ? "" : "s") left before recovery is blocked)"
                            : "wrong recovery PIN: recovery is now blocked"
        case .wrongPassword(let s): return s
        case .damagedKeyFile(let s): return s
        case .busy(let what, let holder):
            return "\(what) is in use by \(holder.map { "process \($0)" } ?? "another process"); not waiting (--no-wait)"
        case .interrupted: return "interrupted"
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
}
