/// What `respond` settles before it asks for a PIN (Docs/ARCHITECTURE.md, "A
/// challenge, from argv to stdout"): whom it answers, in which suite, to
/// which challenge, with which session information. Everything here is read
/// from the vault's directory and checked without a key, so a mistyped
/// challenge or a missing `--session` is said before the PIN is asked for.
public struct ResponsePlan {
    /// Where the challenges come from.
    public enum Challenges: Equatable, Sendable {
        /// One challenge, already in the suite's format (`Challenge.normalize`).
        case one(String)
        /// One challenge per line of standard input (`respond -`).
        case batch
        /// None given: the caller asks for it (`normalize` checks what is typed).
        case ask
    }

    /// The user answered for, as the directory lists them (with the parsed suite).
    public let user: UserEntry
    /// The user's OCRA suite.
    public let suite: OCRASuite
    /// The S input, checked against the suite.
    public let session: [UInt8]?
    /// The challenge, or where the challenges come from.
    public let challenges: Challenges
    /// The moment a T suite answers for (`--at`), Unix seconds; nil for the
    /// token's own clock.
    public let time: Int64?
    /// The vault as read, for `normalize`'s directory check.
    private let vault: SealedVault

    /// Picks the user and checks the challenge, the session information and
    /// the block, in that order, from a vault read without a key.
    /// - Parameters:
    ///   - vault: the vault, read (a header-only read is enough).
    ///   - name: the user asked for, or nil for the vault's only OCRA user
    ///     (TOTP and HOTP accounts beside it give codes, not responses).
    ///   - words: the challenge as typed: words joined by a space, `["-"]`
    ///     for a batch, none to ask for it.
    ///   - session: the S input, for suites with S.
    ///   - time: the moment to answer for, for suites with T; nil for the clock.
    /// - Throws: `.userNameInChallenge` when the first of several words names
    ///   a user; what `SealedVault.user(named:)` throws (`.userNotChosen`
    ///   lists the OCRA users when there are several); `.badChallenge`;
    ///   `.suiteInput` (also for a time given to a suite without T);
    ///   `.vaultBlocked`; `.damaged` when the directory fails its checksum
    ///   (so that damage is never reported as a bad challenge or an unknown user).
    public init(vault: SealedVault, user name: String?, words: [String], session: [UInt8]?, time: Int64? = nil) throws {
        // `ibkey respond alice 123456`: the user's name typed where the issuer side puts it.
        if name == nil, words.count >= 2, vault.users.firstIndex(named: words[0]) != nil {
            throw IBKeyError.userNameInChallenge(name: words[0], rest: Array(words.dropFirst()))
        }
        self.vault = vault
        user = try name == nil ? Self.onlyOCRAUser(in: vault) : vault.user(named: name)
        guard let suite = user.suite.ocra else { throw IBKeyError.wrongKindOfUser(name: user.name, suite: user.suite) }
        self.suite = suite
        self.session = session
        self.time = time
        if words == ["-"] {
            challenges = .batch
        } else if words.isEmpty {
            challenges = .ask
        } else {
            // Joined by a loop, not `joined`: on the respond path the first use of a
            // generic type costs a run-time instantiation (Docs/PERFORMANCE.md).
            var text = ""
            for i in words.indices { text += i == 0 ? words[i] : " " + words[i] }
            challenges = .one(try Self.normalize(text, suite: suite, in: vault))
        }
        try Responder.check(session: session, for: suite)
        if time != nil && suite.timeStep == nil { throw IBKeyError.suiteInput(.timeRefused(suite: suite.text)) }
        try vault.checkNotBlocked(.pin)
    }

    /// The user `respond` answers for when none is named: the vault's only
    /// user, or its only OCRA user among TOTP and HOTP accounts.
    private static func onlyOCRAUser(in vault: SealedVault) throws -> UserEntry {
        let users = vault.users
        if users.count == 1 { return users[0] }
        var ocra: [Int] = []
        for i in users.indices where users.suite(at: i).ocra != nil { // no entry decoded for the scan
            ocra.append(i)
            if ocra.count > 1 { break }
        }
        if ocra.count == 1 { return users[ocra[0]] }
        try vault.verifyDirectory() // damage is said as damage, not as a choice to make
        if users.isEmpty { throw IBKeyError.noUsers }
        let names = users.indices.filter { users.suite(at: $0).ocra != nil }.map { users[$0].name }
        throw IBKeyError.userNotChosen(known: names.isEmpty ? users.names : names)
    }

    /// A challenge in the user's suite's format. The suite comes from the
    /// directory, which a header-only read has not hashed: before blaming the
    /// challenge, the directory is verified (a flipped bit could turn QN06 into QN07).
    /// - Parameter typed: the challenge as typed.
    /// - Returns: the challenge, separators dropped.
    /// - Throws: `.badChallenge`; `.damaged` when the directory fails its checksum.
    public func normalize(_ typed: String) throws -> String {
        try Self.normalize(typed, suite: suite, in: vault)
    }

    private static func normalize(_ typed: String, suite: OCRASuite, in vault: SealedVault) throws -> String {
        do { return try Challenge.normalize(typed, suite: suite) } catch {
            try vault.verifyDirectory()
            throw error
        }
    }
}
