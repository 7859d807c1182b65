/// The login rules of Docs/ISSUER.md: how many failures in how long block a
/// user, for how long, and how many challenges may be open at once.
public struct IssuerPolicy: Sendable {
    /// Failures within `failureWindow` that block the user.
    public var maxFailures = 10
    /// A sliding window: the failures of the last 24 hours count.
    public var failureWindow: Int64 = 24 * 3600
    public var blockDuration: Int64 = 24 * 3600
    /// Older challenges are dropped beyond this many.
    public var maxOpenChallenges = 20
    public init() {}
}
