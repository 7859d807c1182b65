/// One user as the issuer knows it: key, state, counter, recent failures,
/// open challenges.
public struct IssuerUser {
    /// Pending until a registration code activates it.
    public enum State: UInt8, Sendable { case pending = 0, active = 1 }

    /// What the user's codes are: an OCRA suite an activation code can name
    /// (a token answers challenges), or a TOTP/HOTP account (an authenticator
    /// app shows codes, with no challenge and no activation).
    public enum Kind: Equatable, Sendable {
        /// An IB Key style token, enrolled from an activation code.
        case ocra(SuiteID)
        /// A TOTP or HOTP account, given to the user as an otpauth URI.
        case otp(OTPSuite)

        /// The suite as `issuer users` shows it: `OCRA-1:HOTP-SHA1-8:C-QN06-PSHA1`, `TOTP-SHA1-6-30`.
        public var text: String {
            switch self {
            case .ocra(let id): id.suiteText
            case .otp(let s): s.text
            }
        }

        /// Decimal digits of a response or code.
        public var digits: Int {
            switch self {
            case .ocra(let id): id.suite.digits
            case .otp(let s): s.digits
            }
        }

        /// Whether the issuer keeps a counter that moves with each accepted
        /// code (OCRA suites with C, HOTP). TOTP keeps the lowest time step
        /// still accepted in the same field, but that is no counter a user sees.
        public var usesCounter: Bool {
            switch self {
            case .ocra(let id): id.suite.usesCounter
            case .otp(let s): s.usesCounter
            }
        }

        /// The OCRA suite id, or nil for a TOTP/HOTP user.
        public var suiteID: SuiteID? { if case .ocra(let id) = self { id } else { nil } }

        /// The TOTP/HOTP suite, or nil for an OCRA user.
        public var otpSuite: OTPSuite? { if case .otp(let s) = self { s } else { nil } }

        /// The key length the issuer makes and stores: the hash's output
        /// length (20, 32 or 64 bytes), as RFC 4226 and RFC 6238 recommend.
        public var keyLength: Int {
            switch self {
            case .ocra(let id): id.keyLength
            case .otp(let s): s.hash.digestLength
            }
        }
    }

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
    /// OCRA (one of the four suites an activation code can name) or TOTP/HOTP.
    public var kind: Kind
    /// Pending or active: only active users get challenges and verifications.
    /// TOTP and HOTP users are active from the start.
    public var state: State
    /// OCRA suites with C and HOTP: the next counter value the issuer
    /// expects. TOTP: the lowest time step whose code can still verify (the
    /// last accepted step + 1; 0 before the first login).
    public var counter: UInt64
    /// When `issuer add-user` made the user, Unix seconds.
    public var createdAt: Int64
    /// The shared key, in guarded memory.
    public var key: SecureBytes
    /// The P input the token answers with (from its registration code); nil
    /// for suites without P, for pending users, and for TOTP/HOTP users.
    public var pinHash: SecureBytes?
    /// When the failures of the last 24 hours happened, oldest first (at most
    /// `IssuerPolicy.maxFailures`).
    public var failureTimes: [Int64] = []
    /// Blocked until this time (Unix seconds); 0 when never blocked.
    public var blockedUntil: Int64 = 0
    /// Open challenges, oldest first. Used ones are removed. Always empty
    /// for TOTP/HOTP users.
    public var challenges: [Challenge] = []

    /// A user as the store or `add-user` makes it.
    /// - Parameters:
    ///   - name: the user's name.
    ///   - kind: OCRA suite id or TOTP/HOTP suite.
    ///   - state: pending or active.
    ///   - counter: see `counter`.
    ///   - createdAt: Unix seconds.
    ///   - key: the shared key.
    ///   - pinHash: the P input, or nil.
    public init(name: String, kind: Kind, state: State, counter: UInt64, createdAt: Int64, key: SecureBytes, pinHash: SecureBytes? = nil) {
        self.name = name; self.kind = kind; self.state = state; self.counter = counter
        self.createdAt = createdAt; self.key = key; self.pinHash = pinHash
    }

    /// The OCRA suite id, or nil for a TOTP/HOTP user.
    public var suiteID: SuiteID? { kind.suiteID }

    /// The TOTP/HOTP suite, or nil for an OCRA user.
    public var otpSuite: OTPSuite? { kind.otpSuite }

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
