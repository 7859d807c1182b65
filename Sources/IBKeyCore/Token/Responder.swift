/// Computes responses for one enrolled user, for any suite the vault holds.
/// For counter suites each response uses the current counter and advances it;
/// the caller stores the advanced counter before showing any response.
public final class Responder {
    /// The user's suite, parsed from the vault's directory.
    public let suite: OCRASuite
    /// The user's position in the vault.
    public let index: Int
    private let ocra: OCRA
    private let pinHash: SecretRef?
    private let session: [UInt8]?
    private let clock: () -> Int64
    /// The next counter: each response of a counter suite advances it, and
    /// the caller stores it (`VaultStore.commitCounter`) before showing any.
    public private(set) var counter: UInt64

    /// A responder for user `index` of `vault`; the user's record is opened now.
    /// - Parameters:
    ///   - vault: the unlocked vault.
    ///   - index: the user's position in it.
    ///   - session: the S input, for suites with S (at most nnn bytes; it is
    ///     left-padded with zero bytes to nnn, as RFC 6287's reference code does).
    ///   - clock: Unix seconds, read for each response of a suite with T.
    /// - Throws: `.damaged` for a record that does not fit its suite; `.suiteInput`
    ///   when the suite needs S and none was given, or S is too long or not wanted.
    public init(vault: UnlockedVault, index: Int, session: [UInt8]? = nil, clock: @escaping () -> Int64 = { 0 }) throws {
        let entry = vault.users[index]
        let secret = try vault.secret(at: index)
        self.index = index
        guard let suite = entry.suite.ocra else { throw IBKeyError.wrongKindOfUser(name: entry.name, suite: entry.suite) }
        self.suite = suite
        // The record must carry exactly the P input the suite needs.
        guard secret.pinHash?.count == suite.pinHash?.digestLength else {
            throw IBKeyError.damaged(Damage(.vault, "user '\(entry.name)' has no P input of the length its suite needs"))
        }
        try Self.check(session: session, for: suite)
        ocra = OCRA(suite: suite, key: secret.key)
        pinHash = secret.pinHash
        counter = secret.counter
        self.session = session
        self.clock = clock
    }

    /// A responder for the user `plan` names, in the vault as unlocked under
    /// the lock (read again since the plan was made).
    /// - Parameters:
    ///   - vault: the unlocked vault.
    ///   - plan: what `respond` settled before the PIN was asked for.
    ///   - clock: the token's clock, Unix seconds, read for each response of
    ///     a suite with T unless the plan names a moment (`--at`).
    /// - Throws: `.userNotFound` when the user was removed meanwhile; `.badInput`
    ///   when the user's suite changed meanwhile (the plan's challenge was
    ///   checked against the old one); and what `init(vault:index:session:clock:)` throws.
    public convenience init(vault: UnlockedVault, plan: ResponsePlan, clock: @escaping () -> Int64) throws {
        let index = try vault.userIndex(named: plan.user.name)
        guard vault.users[index].suite == .ocra(plan.suite) else {
            throw IBKeyError.badInput("user '\(plan.user.name)' changed while the PIN was asked for; run the command again")
        }
        let moment = plan.time
        try self.init(vault: vault, index: index, session: plan.session, clock: moment.map { t in { t } } ?? clock)
    }

    /// An S input fits the suite: given exactly when the suite has S, and no longer than nnn bytes.
    /// - Parameters:
    ///   - session: `--session` or `--session-hex`, as bytes.
    ///   - suite: the user's suite.
    /// - Throws: `.suiteInput` saying what to give or leave out.
    public static func check(session: [UInt8]?, for suite: OCRASuite) throws {
        switch (suite.sessionLength, session) {
        case (nil, nil): return
        case (nil, _?): throw IBKeyError.suiteInput(.sessionRefused(suite: suite.text))
        case (let n?, nil): throw IBKeyError.suiteInput(.sessionMissing(suite: suite.text, maxBytes: n))
        case (let n?, let s?):
            guard s.count <= n else { throw IBKeyError.suiteInput(.sessionTooLong(suite: suite.text, bytes: s.count, maxBytes: n)) }
        }
    }

    /// The response to an already normalised challenge.
    /// - Parameter challenge: the output of `Challenge.normalize`.
    /// - Returns: the response, as the user types it.
    /// - Throws: `.damaged` when the counter is at 2^64 − 1;
    ///   `.badChallenge` or `.badInput` from `OCRA.response`.
    public func respond(to challenge: String) throws -> String {
        let timeSteps = suite.timeStep.map { UInt64(max(0, clock())) / UInt64($0) }
        if suite.usesCounter {
            // 2^64 − 1 responses cannot have been made: only an edited file holds this.
            guard counter < UInt64.max else { throw IBKeyError.damaged(Damage(.vault, "the counter is at its end")) }
            let r = try ocra.response(OCRAInput(counter: counter, question: challenge, pinHash: pinHash,
                                                session: session, timeSteps: timeSteps))
            counter += 1
            return r
        }
        return try ocra.response(OCRAInput(question: challenge, pinHash: pinHash, session: session, timeSteps: timeSteps))
    }
}
