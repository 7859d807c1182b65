/// Every failure `ibkey` reports. The core says what went wrong (`message`:
/// one lowercase line, never a secret); the CLI maps each case to one exit
/// code (`ExitStatus`) and adds what to do about it (`hint`), since only the
/// CLI knows its own commands and flags.
public enum IBKeyError: Error, Equatable, Sendable {
    // Checked and rejected.
    /// A registration code that is well-formed but was not sealed by this user's key (exit 1).
    case rejected(String)
    /// `issuer verify` said no (exit 1).
    case responseRejected(user: String, reason: Rejection)
    /// `selftest`: some known answers did not match (exit 1).
    case selftestFailed(failed: Int, total: Int)
    // Usage or bad input.
    /// A command used wrongly or given bad input, with what to do when the core
    /// knows it (exit 2).
    case usage(String, hint: String? = nil)
    /// A challenge that does not fit the suite's format or length (exit 2).
    case badChallenge(String)
    /// An activation code that does not parse; the case says which check
    /// failed, in the order of Docs/PROTOCOL.md §2 (exit 2).
    case badActivationCode(ActivationCodeError)
    /// A registration code that is not well-formed: a bad character, a wrong
    /// length, an unknown version or suite id (exit 2).
    case badRegistrationCode(String)
    /// An OCRA suite the strict parser refuses, naming the part that is wrong (exit 2).
    case badSuite(String)
    /// An input the user's suite needs or refuses (session information, a token PIN) (exit 2).
    case suiteInput(SuiteInputProblem)
    /// A key file that is neither PSKC (XML) nor an IB Key data file (JSON) (exit 2).
    case notAKeyFile
    /// A new PIN, recovery PIN or token PIN that `PINPolicy` refuses, saying why (exit 2).
    case weakPIN(String)
    /// A secret that is needed but was given nowhere, with where it may come from (exit 2).
    case missingSecret(String, hint: String)
    /// A file or folder others can write (or a secret file others can read),
    /// one that belongs to another user, or one with a second hard link; the
    /// hint is the fix, such as the `chmod` to run (exit 2).
    case insecureFile(String, hint: String)
    /// A vault path whose last component is a symbolic link (exit 2).
    case symbolicLink(what: String, path: String)
    /// An issuer user that has not been activated yet (exit 2).
    case userNotActive(String)
    // Wrong PIN.
    /// The PIN does not open the vault; the failure is already counted on disk (exit 3).
    case wrongPIN(attemptsLeft: Int)
    /// The recovery PIN does not open the vault or backup (exit 3).
    /// `attemptsLeft` is negative when attempts are not counted (a backup).
    case wrongRecoveryPIN(attemptsLeft: Int)
    /// The password of an encrypted file (PSKC) does not open it (exit 3).
    case wrongPassword(String)
    // Blocked.
    /// 10 wrong PINs in a row: only `pin reset` with the recovery PIN helps (exit 4).
    case vaultBlocked
    /// 10 wrong recovery PINs in a row: only a backup or `reset` helps (exit 4).
    case recoveryBlocked
    /// An issuer user blocked after 10 failures within 24 hours, until
    /// `untilUnix` (exit 4, even for a good response).
    case issuerUserBlocked(name: String, untilUnix: Int64)
    // Not found.
    /// No vault file at `path` (exit 5).
    case vaultNotFound(path: String)
    /// No user called `name`; `known` lists the names there are, for a suggestion (exit 5).
    case userNotFound(name: String, known: [String])
    /// The vault holds no user yet (exit 5).
    case noUsers
    /// No issuer store at `path` (exit 5).
    case storeNotFound(path: String)
    /// A file named on the command line, or the issuer's key file, does not exist (exit 5).
    case fileNotFound(path: String)
    // Damaged.
    /// A vault, backup or issuer store that fails a checksum, a bound or an
    /// authentication, never reported as a wrong PIN (exit 6).
    case damaged(String)
    /// A key file (PSKC) whose MAC fails without a password: damaged, or the wrong pre-shared key (exit 6).
    case damagedKeyFile(String)
    /// A file of a format version this build does not read (exit 6).
    case unsupportedVersion(what: String, version: Int)
    // Conflict.
    /// A user of this name (or a canonically equivalent one) is already enrolled (exit 7).
    case userExists(String)
    /// `restore` would replace an existing vault, and `--force` was not given (exit 7).
    case vaultExists(path: String)
    /// `issuer init` found the store or its key file already there (exit 7).
    case storeExists(path: String)
    /// `issuer activate` for a user who is already active (exit 7).
    case alreadyActive(String)
    // Busy.
    /// Another process holds the lock of `what` and `--no-wait` was given (exit 75).
    case busy(what: String, holder: Int32?)
    // Interrupted.
    /// Ctrl-C (or another signal) at a prompt (exit 130).
    case interrupted
    // Internal.
    /// A system call failed: a full disk, a lock or read error, libexpat
    /// missing, no memory for the key derivation (exit 70).
    case io(String)
    /// A state that should not happen (a library that misbehaves, a bug),
    /// reported rather than trapped (exit 70).
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
        case .suiteInput(let problem): return problem.description
        case .notAKeyFile: return "not a key file ibkey reads: neither PSKC (XML) nor an IB Key data file (JSON)"
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
            return "\(what) is in use by \(holder.map { "process \($0)" } ?? "another process"); not waiting"
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
