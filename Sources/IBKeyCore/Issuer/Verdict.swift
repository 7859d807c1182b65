/// The verdict of one verification.
public enum Verdict: Equatable, Sendable {
    /// Accepted; for counter suites, the counter the response was made with.
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

    /// The reason, one line, as `issuer verify` reports it.
    public var description: String {
        switch self {
        case .challengeNotIssued(let c, let user): "challenge \(c) was not issued to '\(user)' or was already used"
        case .challengeExpired(let c?, let at): "challenge \(c) expired at \(Timestamp.iso8601(at))"
        case .challengeExpired(nil, let at): "the latest challenge expired at \(Timestamp.iso8601(at))"
        case .noOpenChallenge(let user): "no open challenge for '\(user)'"
        case .wrongResponse: "response rejected"
        }
    }
}
