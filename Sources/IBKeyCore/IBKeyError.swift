/// Every failure the core reports. The core says what went wrong (`message`:
/// one lowercase line, never a secret) and which kind of failure it is; the
/// CLI alone decides how each kind ends the command and what to do
/// about it (the hint), since only the CLI knows its commands and options.
public enum IBKeyError: Error, Equatable, Sendable {
    // Checked and rejected.
    /// A registration code that is well-formed but was not sealed by this user's key.
    case rejected(String)
    /// `issuer verify` said no.
    case responseRejected(user: String, reason: Rejection)
    /// `selftest`: some known answers did not match.
    case selftestFailed(failed: Int, total: Int)
    // Bad input: what a person, a script or a file gave.
    /// Input the core refuses: a key file it cannot read, a secret that does
    /// not decode, a name the rules refuse, a vault with no room, an issuer window out of range.
    case badInput(String)
    /// A challenge that does not fit the suite's format or length.
    case badChallenge(String)
    /// An activation code that does not parse; the case says which check
    /// failed, in the order of Docs/PROTOCOL.md §2.
    case badActivationCode(ActivationCodeError)
    /// A registration code that is not well-formed: a bad character, a wrong
    /// length, an unknown version or suite id.
    case badRegistrationCode(String)
    /// An OCRA suite the strict parser refuses, naming the part that is wrong.
    case badSuite(String)
    /// An input the user's suite needs or refuses (session information, a token PIN).
    case suiteInput(SuiteInputProblem)
    /// A key file that is none of the formats `import` reads (PSKC, an IB Key
    /// data file, otpauth links, a PNG or JPEG image of a QR code).
    case notAKeyFile
    /// An `otpauth://` URI or `otpauth-migration://` link (from a file,
    /// standard input, a prompt or a QR code) that cannot be read: what is wrong, and where.
    case otpAuth(OTPAuthError)
    /// An image given to `import` whose QR codes cannot be read: a damaged,
    /// unsupported or oversized image, no QR code, or a library missing.
    case image(ImageError)
    /// A new PIN, recovery PIN or token PIN that `PINPolicy` refuses, saying why.
    case weakPIN(String)
    /// A file or folder others can reach, one that belongs to another user,
    /// one with a second hard link, a path that is a symbolic link, or a
    /// folder where a file belongs.
    case unsafeFile(UnsafeFile)
    /// A file to be created is already there; ibkey does not overwrite it.
    case fileExists(path: String)
    /// A file to read is not a regular file (a folder, a FIFO, a device).
    case notRegularFile(path: String)
    /// A file named to read cannot be read, and why.
    case unreadableFile(path: String, reason: String)
    /// An issuer user that has not been activated yet.
    case userNotActive(String)
    /// Several users are enrolled and none was chosen; `known` lists them.
    case userNotChosen(known: [String])
    /// `respond NAME CHALLENGE`: the first word of the challenge is a user's name.
    case userNameInChallenge(name: String, rest: [String])
    /// A response asked of a TOTP/HOTP account, or a code of an OCRA user:
    /// `suite` says what the user is.
    case wrongKindOfUser(name: String, suite: UserSuite)
    /// A challenge asked for (or named) for an issuer's TOTP/HOTP user,
    /// whose codes answer none: `suite` says what the user is.
    case noChallengeForCodes(name: String, suite: OTPSuite)
    // Wrong PIN.
    /// The PIN does not open the vault; the failure is already counted on disk.
    case wrongPIN(attemptsLeft: Int)
    /// The recovery PIN does not open the vault or backup.
    /// `attemptsLeft` is negative when attempts are not counted (a backup).
    case wrongRecoveryPIN(attemptsLeft: Int)
    /// The password of an encrypted file (PSKC) does not open it.
    case wrongPassword(String)
    // Blocked.
    /// 10 wrong PINs in a row: only `pin reset` with the recovery PIN helps.
    case vaultBlocked
    /// 10 wrong recovery PINs in a row: only a backup or `reset` helps.
    case recoveryBlocked
    /// An issuer user blocked after 10 failures within 24 hours, until
    /// `untilUnix`, even for a good response.
    case issuerUserBlocked(name: String, untilUnix: Int64)
    // Not found.
    /// No vault file at `path`.
    case vaultNotFound(path: String)
    /// No user called `name`; `known` lists the names there are, for a suggestion.
    case userNotFound(name: String, known: [String])
    /// The vault holds no user yet.
    case noUsers
    /// A code asked for with no account named, and the vault holds no TOTP
    /// or HOTP account (only OCRA users, which answer challenges).
    case noOTPAccounts
    /// No issuer store at `path`.
    case storeNotFound(path: String)
    /// A file named on the command line, or the issuer's key file, does not exist.
    case fileNotFound(path: String)
    // Damaged.
    /// A vault, backup, issuer store or its key file that fails a checksum,
    /// a bound or an authentication; never reported as a wrong PIN.
    case damaged(Damage)
    /// A key file (PSKC) whose MAC fails without a password: damaged, or the wrong pre-shared key.
    case damagedKeyFile(String)
    /// A file of a format version this build does not read.
    case unsupportedVersion(what: String, version: Int)
    // Conflict.
    /// A user of this name (or a canonically equivalent one) is already enrolled.
    case userExists(String)
    /// `restore` would replace an existing vault, and `--force` was not given.
    case vaultExists(path: String)
    /// `issuer init` found the store or its key file already there.
    case storeExists(path: String)
    /// `issuer activate` for a user who is already active.
    case alreadyActive(String)
    // Busy.
    /// Another process holds the lock of `what` and `--no-wait` was given.
    case busy(what: String, holder: Int32?)
    // Interrupted.
    /// Ctrl-C (or another signal) at a prompt.
    case interrupted
    // Internal.
    /// A system call failed: a full disk, a lock or read error, libexpat
    /// missing, no memory for the key derivation.
    case io(String)
    /// A state that should not happen (a library that misbehaves, a bug),
    /// reported rather than trapped.
    case internalError(String)

    /// What went wrong, one line, lowercase, no secret.
    public var message: String {
        switch self {
        case .rejected(let s): return s
        case .responseRejected(_, let reason): return reason.description
        case .selftestFailed(let failed, let total): return "\(failed) of \(total) known-answer tests failed"
        case .badInput(let s): return s
        case .badChallenge(let s): return s
        case .badActivationCode(let e): return "activation code mistyped: \(e.description)"
        case .badRegistrationCode(let s): return "registration code mistyped: \(s)"
        case .badSuite(let s): return "invalid OCRA suite: \(s)"
        case .suiteInput(let problem): return problem.description
        case .notAKeyFile:
            return "not a key file ibkey reads: neither PSKC (XML), an IB Key data file (JSON), otpauth:// or otpauth-migration:// links, nor a PNG or JPEG image of a QR code"
        case .otpAuth(let e): return "invalid otpauth link: \(e.description)"
        case .image(let e): return e.message
        case .weakPIN(let s): return s
        case .unsafeFile(let f): return f.description
        case .fileExists(let path): return "\(path) already exists; ibkey does not overwrite it"
        case .notRegularFile(let path): return "\(path) is not a regular file"
        case .unreadableFile(let path, let reason): return "cannot read \(path): \(reason)"
        case .userNotActive(let n): return "user '\(n)' is not active yet"
        case .userNotChosen(let known): return "several users are enrolled (\(known.joined(separator: ", ")))"
        case .userNameInChallenge(let name, _): return "'\(name)' is a user, not part of the challenge"
        case .wrongKindOfUser(let name, .ocra): return "'\(name)' is an OCRA user: it answers challenges, it has no codes"
        case .wrongKindOfUser(let name, .otp(let s)): return "'\(name)' is \(s.usesCounter ? "an HOTP" : "a TOTP") account: it gives codes, it answers no challenge"
        case .noChallengeForCodes(let name, let s):
            return "'\(name)' is \(s.usesCounter ? "an HOTP" : "a TOTP") user (\(s.text)): its codes answer no challenge"
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
        case .noOTPAccounts: return "the vault holds no TOTP or HOTP account"
        case .storeNotFound(let path): return "no issuer store at \(path)"
        case .fileNotFound(let path): return "no such file: \(path)"
        case .damaged(let d): return d.description
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
