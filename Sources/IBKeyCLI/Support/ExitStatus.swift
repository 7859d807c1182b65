import IBKeyCore

/// The exit codes, their meanings, and the one place errors map to them.
/// `ibkey --help`, the man page and Docs/README.md show `table`; a test checks
/// that Docs/README.md says exactly the same.
enum ExitStatus: Int32, CaseIterable {
    case success = 0
    case rejected = 1
    case usage = 2
    case wrongPIN = 3
    case blocked = 4
    case notFound = 5
    case damaged = 6
    case conflict = 7
    case internalError = 70
    /// EX_TEMPFAIL from sysexits.h: try again later.
    case busy = 75
    /// 128 + SIGINT, as a shell reports a process that Ctrl-C stopped.
    case interrupted = 130

    /// One line each, at most 72 characters, so the table fits 80 columns.
    var meaning: String {
        switch self {
        case .success: "success"
        case .rejected: "checked and rejected: a response or registration code; selftest failed"
        case .usage: "bad input: challenge, code, key file, weak PIN, file mode, inactive user"
        case .wrongPIN: "wrong PIN, recovery PIN or file password"
        case .blocked: "blocked: too many wrong PINs, or failed responses (issuer)"
        case .notFound: "not found: no vault, unknown user, no issuer store, no such file"
        case .damaged: "damaged or unknown version: vault, backup, issuer store; key file MAC"
        case .conflict: "conflict: user already enrolled or active; vault, store or output exists"
        case .busy: "busy: another ibkey holds the vault or store lock (--no-wait)"
        case .interrupted: "interrupted at a prompt (Ctrl-C)"
        case .internalError: "internal error, including I/O failures such as a full disk"
        }
    }

    /// The table shown in `ibkey --help` and the man page.
    static var table: String {
        allCases.map { c in
            let code = String(c.rawValue)
            return "  " + code + String(repeating: " ", count: 4 - code.count) + c.meaning
        }.joined(separator: "\n")
    }

    init(_ error: IBKeyError) {
        switch error {
        case .rejected, .responseRejected, .selftestFailed: self = .rejected
        case .badInput, .badChallenge, .badActivationCode, .badRegistrationCode, .badSuite, .suiteInput, .notAKeyFile, .weakPIN,
             .unsafeFile, .notRegularFile, .unreadableFile, .userNotActive, .userNotChosen,
             .userNameInChallenge, .wrongKindOfUser, .noChallengeForCodes: self = .usage
        case .wrongPIN, .wrongRecoveryPIN, .wrongPassword: self = .wrongPIN
        case .vaultBlocked, .recoveryBlocked, .issuerUserBlocked: self = .blocked
        case .vaultNotFound, .userNotFound, .noUsers, .noOTPAccounts, .storeNotFound, .fileNotFound: self = .notFound
        case .damaged, .damagedKeyFile, .unsupportedVersion: self = .damaged
        // Something already there, whatever it is (a user, a vault, a backup or export's output): one code.
        case .userExists, .vaultExists, .storeExists, .fileExists, .alreadyActive: self = .conflict
        case .busy: self = .busy
        case .interrupted: self = .interrupted
        case .io, .internalError: self = .internalError
        // A library that is not installed, or misbehaves, is the machine's problem, not the image's.
        case .image(.libraryMissing), .image(.libraryFailed): self = .internalError
        case .otpAuth, .image: self = .usage
        }
    }
}
