/// The issuer (login server) side, Docs/ISSUER.md, as pure state transitions:
/// every operation takes `now` so tests can move the clock. All issuer users,
/// as decrypted from the store.
public final class IssuerState {
    /// Every user, in the order they were added; changed only through the operations below.
    public private(set) var users: [IssuerUser]

    /// The state as decrypted from a store (or empty, for a new one).
    /// - Parameter users: the users, in store order.
    public init(users: [IssuerUser] = []) {
        self.users = users
    }

    func index(_ name: String) throws -> Int {
        guard let i = users.firstIndex(where: { $0.name == name }) else {
            throw IBKeyError.userNotFound(name: name, known: users.map(\.name))
        }
        return i
    }

    /// The user called `name`.
    /// - Parameter name: the user's name.
    /// - Returns: a copy of the user.
    /// - Throws: `.userNotFound`, with the names there are.
    public func user(_ name: String) throws -> IssuerUser { users[try index(name)] }

    /// A pending user with a fresh random key; returns its activation code.
    /// The code is the key itself: `issuer add-user` prints it once.
    /// - Parameters:
    ///   - name: the new user's name (the vault's rules, Docs/VAULT.md, "Directory").
    ///   - suite: the user's suite.
    ///   - now: Unix seconds, the creation time.
    /// - Returns: the activation code (version 1, counter 0) holding the new key.
    /// - Throws: `.badInput` for a name the rules refuse; `.userExists`.
    public func addUser(_ name: String, suite: SuiteID, now: Int64) throws -> ActivationCode {
        try UserEntry.validateName(name)
        guard !users.contains(where: { $0.name == name }) else { throw IBKeyError.userExists(name) }
        let key = Random.secret(suite.keyLength)
        users.append(IssuerUser(name: name, suiteID: suite, state: .pending, counter: 0, createdAt: now, key: key))
        return ActivationCode(suiteID: suite, counter: 0, key: key)
    }

    /// Deletes the user called `name`, key and all.
    /// - Parameter name: the user's name.
    /// - Throws: `.userNotFound`.
    public func remove(_ name: String) throws { users.remove(at: try index(name)) }

    /// Checks a registration code and makes the user active.
    /// For P suites it also stores the PIN hash the code carries.
    /// - Parameters:
    ///   - name: the pending user.
    ///   - registrationCode: the code `ibkey enroll` printed, as typed.
    /// - Throws: `.userNotFound`; `.alreadyActive`;
    ///   `.badRegistrationCode` for a code that is not well-formed;
    ///   `.rejected` for a code not sealed by this user's key for this name,
    ///   or for another suite.
    public func activate(_ name: String, registrationCode: String) throws {
        let i = try index(name)
        guard users[i].state == .pending else { throw IBKeyError.alreadyActive(name) }
        let reg = try RegistrationCode.open(registrationCode, user: name, expectedSuite: users[i].suiteID, tokenKey: users[i].key)
        users[i].pinHash = reg.pinHash
        users[i].state = .active
    }

    private func requireActive(_ i: Int, now: Int64) throws {
        let u = users[i]
        guard u.state == .active else {
            throw IBKeyError.userNotActive(u.name)
        }
        if u.isBlocked(now: now) { throw IBKeyError.issuerUserBlocked(name: u.name, untilUnix: u.blockedUntil) }
    }

    /// A fresh uniformly random numeric challenge of the suite's length.
    /// Expired challenges are dropped, and beyond `IssuerPolicy.maxOpenChallenges`
    /// the oldest goes.
    /// - Parameters:
    ///   - name: an active user.
    ///   - ttl: seconds until the challenge expires.
    ///   - now: Unix seconds.
    /// - Returns: the challenge's digits.
    /// - Throws: `.userNotFound`, `.userNotActive`,
    ///   `.issuerUserBlocked`.
    public func challenge(_ name: String, ttl: Int64, now: Int64) throws -> String {
        let i = try index(name)
        try requireActive(i, now: now)
        let suite = users[i].suiteID.suite
        let value = Self.randomDigits(suite.challengeLength)
        users[i].challenges.removeAll { $0.expiresAt <= now }
        users[i].challenges.append(.init(value: value, issuedAt: now, expiresAt: now + ttl))
        if users[i].challenges.count > IssuerPolicy.maxOpenChallenges { users[i].challenges.removeFirst() }
        return value
    }

    /// `n` decimal digits from `randombytes_uniform`, which has no modulo bias.
    static func randomDigits(_ n: Int) -> String {
        var out = ""
        var left = n
        while left > 0 {
            let take = min(left, 9)
            var bound: UInt32 = 1
            for _ in 0..<take { bound *= 10 }
            let v = String(Random.uniform(bound))
            out += String(repeating: "0", count: take - v.count) + v
            left -= take
        }
        return out
    }

    /// The largest counter look-ahead window `verify` takes: each step is one
    /// OCRA computation.
    public static let maxWindow: UInt64 = 1000

    /// Verifies a response to `challenge` (default: the latest open one).
    /// The challenge is used up either way; failures are counted and block.
    /// - Parameters:
    ///   - name: an active user.
    ///   - response: the response as typed; spaces and `-` are ignored.
    ///   - challenge: the challenge answered; nil for the latest open one.
    ///   - window: for counter suites, how far past the expected counter C a
    ///     response may be (C … C + window, at most `maxWindow`); every
    ///     candidate is compared in constant time.
    ///   - now: Unix seconds.
    /// - Returns: `.accepted` with the counter used (the issuer's counter
    ///   moves past it), or `.rejected` with the reason.
    /// - Throws: `.badInput` for a window over `maxWindow`,
    ///   `.userNotFound`, `.userNotActive`,
    ///   `.issuerUserBlocked`; then nothing is counted or used up.
    public func verify(_ name: String, response: String, challenge: String?, window: UInt64, now: Int64) throws -> Verdict {
        // Each step of the window is one OCRA computation: bounded here, not only by the CLI.
        guard window <= Self.maxWindow else { throw IBKeyError.badInput("the look-ahead window is at most \(Self.maxWindow)") }
        let i = try index(name)
        try requireActive(i, now: now)
        let verdict = check(i, response: response, challenge: challenge, window: window, now: now)
        switch verdict {
        case .accepted:
            users[i].failureTimes = []
        case .rejected:
            // A sliding window: the failures of the last 24 hours, whenever they fell.
            users[i].failureTimes = users[i].failureTimes.filter { now - $0 < IssuerPolicy.failureWindow } + [now]
            if users[i].failureTimes.count >= IssuerPolicy.maxFailures {
                users[i].blockedUntil = now + IssuerPolicy.blockDuration
                users[i].failureTimes = []
            }
        }
        return verdict
    }

    private func check(_ i: Int, response: String, challenge: String?, window: UInt64, now: Int64) -> Verdict {
        var u = users[i]
        defer { users[i] = u }
        let q: String
        if let challenge {
            let c = challenge.filter { $0 != " " && $0 != "-" }
            guard let k = u.challenges.firstIndex(where: { $0.value == c }) else {
                return .rejected(.challengeNotIssued(challenge: c, user: u.name))
            }
            let ch = u.challenges.remove(at: k)
            guard ch.expiresAt > now else { return .rejected(.challengeExpired(challenge: c, at: ch.expiresAt)) }
            q = c
        } else {
            guard let ch = u.challenges.popLast() else {
                return .rejected(.noOpenChallenge(user: u.name))
            }
            guard ch.expiresAt > now else { return .rejected(.challengeExpired(challenge: nil, at: ch.expiresAt)) }
            q = ch.value
        }
        let typed = Array(response.filter { $0 != " " && $0 != "-" }.utf8)
        let suite = u.suiteID.suite
        let ocra = OCRA(suite: suite, key: u.key)
        // A counter is a candidate only if the next one (stored after a match) exists: a store
        // whose counter is at the top of the range (crafted, or after 2⁶⁴ − 1 logins) accepts
        // nothing more instead of overflowing.
        let candidates: [UInt64?] = suite.usesCounter
            ? (0...window).compactMap { d in
                let (c, overflow) = u.counter.addingReportingOverflow(d)
                return overflow || c == .max ? nil : c
            }
            : [nil]
        var matched: UInt64?? = nil
        for c in candidates {
            guard let expected = try? ocra.response(OCRAInput(counter: c, question: q, pinHash: u.pinHash)) else { continue }
            // Compare every candidate in constant time; stop only after a match.
            if ConstantTime.equals(Array(expected.utf8), typed) { matched = .some(c); break }
        }
        guard let hit = matched else { return .rejected(.wrongResponse) }
        if let c = hit { u.counter = c + 1 }
        return .accepted(counter: hit)
    }
}
