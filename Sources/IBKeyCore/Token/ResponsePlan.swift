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
    /// The vault as read, for `normalize`'s directory check.
    private let vault: SealedVault

    /// Picks the user and checks the challenge, the session information and
    /// the block, in that order, from a vault read without a key.
    /// - Parameters:
    ///   - vault: the vault, read (a header-only read is enough).
    ///   - name: the user asked for, or nil for the vault's only user.
    ///   - words: the challenge as typed: words joined by a space, `["-"]`
    ///     for a batch, none to ask for it.
    ///   - session: the S input, for suites with S.
    /// - Throws: `.userNameInChallenge` when the first of several words names
    ///   a user; what `SealedVault.user(named:)` throws; `.badChallenge`;
    ///   `.suiteInput`; `.vaultBlocked`; `.damaged` when the directory fails
    ///   its checksum (so that damage is never reported as a bad challenge or
    ///   an unknown user).
    public init(vault: SealedVault, user name: String?, words: [String], session: [UInt8]?) throws {
        // `ibkey respond alice 123456`: the user's name typed where the issuer side puts it.
        if name == nil, words.count >= 2, vault.users.firstIndex(named: words[0]) != nil {
            throw IBKeyError.userNameInChallenge(name: words[0], rest: Array(words.dropFirst()))
        }
        self.vault = vault
        user = try vault.user(named: name)
        guard let suite = user.suite.ocra else { throw IBKeyError.wrongKindOfUser(name: user.name, suite: user.suite) }
        self.suite = suite
        self.session = session
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
        try vault.checkNotBlocked(.pin)
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
