/// The login rules of Docs/ISSUER.md, "Rules": 10 failures within 24 hours
/// block a user for 24 hours, and at most 20 challenges are open at once.
/// Fixed: the store does not record them, so every run applies the same rules.
public enum IssuerPolicy {
    /// Failures within `failureWindow` that block the user.
    public static let maxFailures = 10
    /// A sliding window: the failures of the last 24 hours count.
    public static let failureWindow: Int64 = 24 * 3600
    /// How long a block lasts, in seconds: 24 hours.
    public static let blockDuration: Int64 = 24 * 3600
    /// Older challenges are dropped beyond this many.
    public static let maxOpenChallenges = 20
}
