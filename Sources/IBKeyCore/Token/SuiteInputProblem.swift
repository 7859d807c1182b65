/// An input a user's suite needs, or refuses, that was not given as it needs
/// (`IBKeyError.suiteInput`). The core says what is wrong; the CLI's
/// hint says which option gives it.
public enum SuiteInputProblem: Equatable, Sendable, CustomStringConvertible {
    /// Session information (S) given for a suite without S.
    case sessionRefused(suite: String)
    /// A suite with S and no session information.
    case sessionMissing(suite: String, maxBytes: Int)
    /// Session information longer than the suite's S field.
    case sessionTooLong(suite: String, bytes: Int, maxBytes: Int)
    /// A PIN suite whose key arrives without its P input, and no token PIN.
    case tokenPINMissing(suite: String, user: String)
    /// A moment given (`--at`) for a suite whose answer does not depend on
    /// the time: an OCRA suite without T, or an HOTP account.
    case timeRefused(suite: String)

    /// The one-line message, without the option that fixes it.
    public var description: String {
        switch self {
        case .sessionRefused(let suite): "suite \(suite) has no session input (S)"
        case .sessionMissing(let suite, let n): "suite \(suite) needs session information (S, up to \(n) bytes)"
        case .sessionTooLong(let suite, let bytes, let n): "session information is \(bytes) bytes; suite \(suite) takes at most \(n)"
        case .tokenPINMissing(let suite, let user): "suite \(suite) of '\(user)' needs the PIN the verifier knows (the P input)"
        case .timeRefused(let suite): "suite \(suite) does not use the time"
        }
    }
}
