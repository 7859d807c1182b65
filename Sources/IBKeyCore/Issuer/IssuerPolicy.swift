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
    /// HOTP: how many counters from the next expected one a code may be made
    /// with (RFC 4226 §7.4's look-ahead window s): codes the authenticator
    /// showed and nobody verified.
    public static let hotpLookAhead: UInt64 = 20
    /// TOTP: time steps accepted on either side of the current one (RFC 6238
    /// §5.2 recommends at most one): a code typed just as it changed, or a
    /// clock a little off.
    public static let totpStepsEitherSide: UInt64 = 1
}
