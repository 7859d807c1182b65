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
        users.append(IssuerUser(name: name, kind: .ocra(suite), state: .pending, counter: 0, createdAt: now, key: key))
        return ActivationCode(suiteID: suite, counter: 0, key: key)
    }

    /// An active TOTP or HOTP user with a fresh random key of its hash's
    /// length (20, 32 or 64 bytes, RFC 4226 §4's recommendation); returns
    /// the account to hand over as an otpauth URI (HOTP from counter 0).
    /// There is no activation: whoever holds the URI holds the key.
    /// - Parameters:
    ///   - name: the new user's name (the vault's rules, Docs/VAULT.md, "Directory").
    ///   - suite: TOTP or HOTP, hash, digits, period.
    ///   - issuer: the service the authenticator app shows (`checkIssuer`'s rules).
    ///   - now: Unix seconds, the creation time.
    /// - Returns: the account, label `issuer:name`, holding the new key.
    /// - Throws: `.badInput` for a name or issuer the rules refuse; `.userExists`.
    public func addOTPUser(_ name: String, suite: OTPSuite, issuer: String, now: Int64) throws -> OTPAccount {
        try UserEntry.validateName(name)
        try Self.checkIssuer(issuer)
        guard !users.contains(where: { $0.name == name }) else { throw IBKeyError.userExists(name) }
        let kind = IssuerUser.Kind.otp(suite)
        let key = Random.secret(kind.keyLength)
        let account: OTPAccount
        do {
            account = try OTPAccount(suite: suite, secret: key, counter: suite.usesCounter ? 0 : nil, name: name, issuer: issuer)
        } catch let e as OTPAuthError {
            throw IBKeyError.badInput(e.description) // the checks above leave nothing for it to refuse
        }
        users.append(IssuerUser(name: name, kind: kind, state: .active, counter: 0, createdAt: now, key: key))
        return account
    }

    /// The issuer named in an otpauth URI: a name by the vault's rules (it is
    /// shown by authenticator apps as text), and no colon, which separates
    /// the issuer from the account in the URI's label (`issuer:name`).
    /// - Parameter issuer: the text.
    /// - Throws: `.badInput` saying which rule it breaks.
    public static func checkIssuer(_ issuer: String) throws {
        try UserEntry.validateName(issuer, what: "issuer")
        guard !issuer.contains(":") else {
            throw IBKeyError.badInput("issuer must not contain ':' (it separates the issuer from the account name in the URI's label)")
        }
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
        // TOTP/HOTP users are active from the start: they never get here.
        guard let suiteID = users[i].suiteID else { throw IBKeyError.alreadyActive(name) }
        let reg = try RegistrationCode.open(registrationCode, user: name, expectedSuite: suiteID, tokenKey: users[i].key)
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
    /// - Throws: `.userNotFound`, `.noChallengeForCodes` (a TOTP/HOTP user),
    ///   `.userNotActive`, `.issuerUserBlocked`.
    public func challenge(_ name: String, ttl: Int64, now: Int64) throws -> String {
        let i = try index(name)
        guard let id = users[i].suiteID else { throw IBKeyError.noChallengeForCodes(name: name, suite: users[i].otpSuite!) }
        try requireActive(i, now: now)
        let suite = id.suite
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
    ///   `.userNotFound`, `.noChallengeForCodes` (a TOTP/HOTP user: see
    ///   `verifyCode`), `.userNotActive`, `.issuerUserBlocked`; then nothing
    ///   is counted or used up.
    public func verify(_ name: String, response: String, challenge: String?, window: UInt64, now: Int64) throws -> Verdict {
        // Each step of the window is one OCRA computation: bounded here, not only by the CLI.
        guard window <= Self.maxWindow else { throw IBKeyError.badInput("the look-ahead window is at most \(Self.maxWindow)") }
        let i = try index(name)
        guard let id = users[i].suiteID else { throw IBKeyError.noChallengeForCodes(name: name, suite: users[i].otpSuite!) }
        try requireActive(i, now: now)
        return record(check(i, suite: id.suite, response: response, challenge: challenge, window: window, now: now), user: i, now: now)
    }

    /// Verifies a TOTP or HOTP code (Docs/ISSUER.md, "Rules"). TOTP: the
    /// code of the current time step or of one step either side
    /// (`IssuerPolicy.totpStepsEitherSide`), but never of a step at or
    /// before one already accepted. HOTP: the codes of the next
    /// `IssuerPolicy.hotpLookAhead` counters. On success the user's counter
    /// moves past the step or counter used, so the same code never verifies
    /// twice; failures are counted and block, as for OCRA users.
    /// - Parameters:
    ///   - name: a TOTP/HOTP user.
    ///   - code: the code's digits (the caller has checked their number).
    ///   - now: Unix seconds.
    /// - Returns: `.accepted` with the time step or counter used, or
    ///   `.rejected` (`.wrongCode`, or `.codeAlreadyUsed` for a code of a
    ///   step or counter already passed).
    /// - Throws: `.userNotFound`, `.badInput` for an OCRA user (it answers
    ///   challenges: `verify`), `.issuerUserBlocked`; then nothing is counted.
    public func verifyCode(_ name: String, code: String, now: Int64) throws -> Verdict {
        let i = try index(name)
        guard let suite = users[i].otpSuite else {
            throw IBKeyError.badInput("'\(name)' is an OCRA user: it answers challenges, it shows no codes")
        }
        try requireActive(i, now: now)
        return record(try checkCode(i, suite: suite, code: code, now: now), user: i, now: now)
    }

    /// Counts a failure (and blocks after `IssuerPolicy.maxFailures`), or
    /// clears the failures after a success.
    private func record(_ verdict: Verdict, user i: Int, now: Int64) -> Verdict {
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

    private func check(_ i: Int, suite: OCRASuite, response: String, challenge: String?, window: UInt64, now: Int64) -> Verdict {
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

    /// The steps or counters a code may have been made with, each compared
    /// in constant time: those the issuer still accepts, and (for a clear
    /// message) those just passed, which only a replay matches.
    private func checkCode(_ i: Int, suite: OTPSuite, code: String, now: Int64) throws -> Verdict {
        let u = users[i]
        let next = u.counter
        var fresh: [UInt64] = [], used: [UInt64] = []
        switch suite.kind {
        case .totp(let period):
            let t = try TOTPTimeStep(unixTime: now, period: period).counter
            let side = IssuerPolicy.totpStepsEitherSide
            for step in (t >= side ? t - side : 0)...(t + side) { // t < 2⁶³ (a time over a period): t + 1 cannot overflow
                if step >= next { fresh.append(step) } else { used.append(step) }
            }
        case .hotp:
            // As for OCRA counters: a counter is a candidate only if the next one can be stored.
            fresh = (0..<IssuerPolicy.hotpLookAhead).compactMap { d in
                let (c, overflow) = next.addingReportingOverflow(d)
                return overflow || c == .max ? nil : c
            }
            if next > 0 { used = [next - 1] } // the last accepted code, typed again
        }
        let generator = OTPGenerator(suite: suite, key: u.key)
        let typed = Array(code.utf8)
        var accepted: UInt64?
        for c in fresh where accepted == nil {
            if ConstantTime.equals(Array(generator.code(counter: c).utf8), typed) { accepted = c }
        }
        if let c = accepted {
            users[i].counter = c + 1
            return .accepted(counter: c)
        }
        for c in used where ConstantTime.equals(Array(generator.code(counter: c).utf8), typed) {
            return .rejected(.codeAlreadyUsed)
        }
        return .rejected(.wrongCode)
    }
}
