import IBKeyCore

/// The exit codes of DESIGN.md §3, and the one place errors map to them.
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

    var meaning: String {
        switch self {
        case .success: "success"
        case .rejected: "the response was checked and rejected (issuer verify), or selftest failed"
        case .usage: "usage or bad input: bad challenge or code, weak PIN, no PIN source"
        case .wrongPIN: "wrong PIN or wrong recovery PIN"
        case .blocked: "blocked: too many wrong PINs, or failed responses (issuer)"
        case .notFound: "not found: no vault, unknown user"
        case .damaged: "vault or backup damaged, or of an unsupported version"
        case .conflict: "conflict: user already enrolled, vault already exists"
        case .internalError: "internal error (including I/O failures such as a full disk)"
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
        case .rejected: self = .rejected
        case .usage, .badChallenge, .badActivationCode, .badRegistrationCode, .badSuite, .weakPIN,
             .missingSecret, .insecureFile: self = .usage
        case .wrongPIN, .wrongRecoveryPIN: self = .wrongPIN
        case .vaultBlocked, .recoveryBlocked, .issuerUserBlocked: self = .blocked
        case .vaultNotFound, .userNotFound, .noUsers, .storeNotFound, .fileNotFound: self = .notFound
        case .damaged, .unsupportedVersion: self = .damaged
        case .userExists, .vaultExists, .storeExists, .alreadyActive: self = .conflict
        case .io, .internalError: self = .internalError
        }
    }
}
