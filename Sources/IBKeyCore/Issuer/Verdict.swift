/// The verdict of one verification.
public enum Verdict: Equatable, Sendable {
    /// Accepted, with the moving factor the code was made with: the counter
    /// of OCRA suites with C and of HOTP, the time step of TOTP; nil for OCRA
    /// suites without C.
    case accepted(counter: UInt64?)
    /// Rejected, and why; counted as a failure.
    case rejected(Rejection)
}

/// Why a response was rejected. Every case counts as a failure.
public enum Rejection: Equatable, Sendable, CustomStringConvertible {
    /// `--challenge C` names a challenge not issued to this user, or already used.
    case challengeNotIssued(challenge: String, user: String)
    /// The challenge answered expired (`challenge` nil: the latest open one).
    case challengeExpired(challenge: String?, at: Int64)
    /// No challenge is open for this user.
    case noOpenChallenge(user: String)
    /// The response does not match within the counter window.
    case wrongResponse
    /// A TOTP/HOTP code that matches no time step or counter the issuer accepts.
    case wrongCode
    /// A TOTP/HOTP code made with a time step or counter that was already
    /// accepted (or that a later accepted one passed): a replay.
    case codeAlreadyUsed

    /// The reason, one line, as `issuer verify` reports it.
    public var description: String {
        switch self {
        case .challengeNotIssued(let c, let user): "challenge \(c) was not issued to '\(user)' or was already used"
        case .challengeExpired(let c?, let at): "challenge \(c) expired at \(Timestamp.iso8601(at))"
        case .challengeExpired(nil, let at): "the latest challenge expired at \(Timestamp.iso8601(at))"
        case .noOpenChallenge(let user): "no open challenge for '\(user)'"
        case .wrongResponse: "response rejected"
        case .wrongCode: "code rejected"
        case .codeAlreadyUsed: "code rejected: it was already used (a code verifies once, and none older than the last accepted one)"
        }
    }
}
