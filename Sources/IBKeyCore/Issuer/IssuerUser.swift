/// One user as the issuer knows it: key, state, counter, failures, open challenges.
public struct IssuerUser {
    public enum State: UInt8, Sendable { case pending = 0, active = 1 }

    public struct Challenge: Sendable, Equatable {
        public var value: String
        public var issuedAt: Int64
        public var expiresAt: Int64
    }

    public var name: String
    public var suiteID: SuiteID
    public var state: State
    /// The next counter value the issuer expects (counter suites).
    public var counter: UInt64
    public var createdAt: Int64
    public var key: SecureBytes
    public var pinHash: SecureBytes?
    public var failures: UInt32 = 0
    public var firstFailureAt: Int64 = 0
    public var blockedUntil: Int64 = 0
    /// Open challenges, oldest first. Used ones are removed.
    public var challenges: [Challenge] = []

    public func isBlocked(now: Int64) -> Bool { blockedUntil > now }
}
