/// One user as the issuer knows it: key, state, counter, recent failures,
/// open challenges.
public struct IssuerUser {
    /// Pending until a registration code activates it.
    public enum State: UInt8, Sendable { case pending = 0, active = 1 }

    /// A challenge issued and not yet used.
    public struct Challenge: Sendable, Equatable {
        /// The challenge's digits, as issued.
        public var value: String
        /// When it was issued, Unix seconds.
        public var issuedAt: Int64
        /// When it stops being accepted, Unix seconds (issued at + `--ttl`).
        public var expiresAt: Int64
    }

    /// The user's name, unique in the store (the vault's rules apply).
    public var name: String
    /// The suite, one of the four an activation code can name.
    public var suiteID: SuiteID
    /// Pending or active: only active users get challenges and verifications.
    public var state: State
    /// The next counter value the issuer expects (counter suites).
    public var counter: UInt64
    /// When `issuer add-user` made the user, Unix seconds.
    public var createdAt: Int64
    /// The shared OCRA key, in guarded memory.
    public var key: SecureBytes
    /// The P input the token answers with (from its registration code); nil
    /// for suites without P and for pending users.
    public var pinHash: SecureBytes?
    /// When the failures of the last 24 hours happened, oldest first (at most
    /// `IssuerPolicy.maxFailures`).
    public var failureTimes: [Int64] = []
    /// Blocked until this time (Unix seconds); 0 when never blocked.
    public var blockedUntil: Int64 = 0
    /// Open challenges, oldest first. Used ones are removed.
    public var challenges: [Challenge] = []

    /// True while a block is in force.
    /// - Parameter now: Unix seconds.
    /// - Returns: whether `blockedUntil` is still ahead.
    public func isBlocked(now: Int64) -> Bool { blockedUntil > now }

    /// Failures within `IssuerPolicy.failureWindow` before `now`.
    /// - Parameter now: Unix seconds.
    /// - Returns: how many of `failureTimes` fall within it.
    public func recentFailures(now: Int64) -> Int {
        failureTimes.filter { now - $0 < IssuerPolicy.failureWindow }.count
    }
}
