/// The login rules of Docs/ISSUER.md: how many failures in how long block a
/// user, for how long, and how many challenges may be open at once.
public struct IssuerPolicy: Sendable {
    /// Failures within `failureWindow` that block the user.
    public var maxFailures = 10
    /// A sliding window: the failures of the last 24 hours count.
    public var failureWindow: Int64 = 24 * 3600
    /// How long a block lasts, in seconds: 24 hours.
    public var blockDuration: Int64 = 24 * 3600
    /// Older challenges are dropped beyond this many.
    public var maxOpenChallenges = 20
    /// The rules of Docs/ISSUER.md, "Rules": 10 failures within 24 hours
    /// block for 24 hours, and at most 20 challenges are open.
    public init() {}
}
