/// What `code` settles before it asks for a PIN (Docs/ARCHITECTURE.md, "A
/// code, from argv to stdout"), as `ResponsePlan` does for `respond`: which
/// TOTP or HOTP accounts it shows, for which moment. Everything here is read
/// from the vault's directory without a key, so a wrong name, an OCRA user
/// or a time given to an HOTP account is said before the PIN is asked for.
public struct CodePlan {
    /// One account the plan shows a code for, as the directory lists it.
    public struct Account: Equatable, Sendable {
        /// The account's entry (name, suite, issuer).
        public let entry: UserEntry
        /// Its TOTP or HOTP parameters.
        public let suite: OTPSuite
    }

    /// The accounts, in the vault's order: the one named (or the vault's
    /// only TOTP/HOTP account), or every TOTP account.
    public let accounts: [Account]
    /// True when no account was named and the vault holds several: every
    /// TOTP account is shown, each beside its name (HOTP accounts only when
    /// named, since each code moves the counter).
    public let isListing: Bool
    /// The moment TOTP codes are for (`--at`), Unix seconds; nil for the
    /// token's own clock.
    public let time: Int64?

    /// Picks the accounts, then checks the time and the block, from a vault
    /// read without a key.
    /// - Parameters:
    ///   - vault: the vault, read (a header-only read is enough).
    ///   - name: the account asked for, or nil for the vault's only TOTP/HOTP
    ///     account, or all its TOTP accounts when it holds several.
    ///   - time: the moment to show TOTP codes for; nil for the clock.
    /// - Throws: what `SealedVault.user(named:)` throws; `.wrongKindOfUser`
    ///   for an OCRA user (named, or the vault's only user); `.noOTPAccounts`;
    ///   `.userNotChosen` (several HOTP accounts and no TOTP one);
    ///   `.suiteInput(.timeRefused)` for a time given to an HOTP account;
    ///   `.vaultBlocked`; `.damaged` when the directory fails its checksum
    ///   (verified before any error about a user).
    public init(vault: SealedVault, user name: String?, time: Int64? = nil) throws {
        self.time = time
        if let name {
            let entry = try vault.user(named: name)
            guard let suite = entry.suite.otp else { throw IBKeyError.wrongKindOfUser(name: entry.name, suite: entry.suite) }
            accounts = [Account(entry: entry, suite: suite)]
            isListing = false
        } else {
            let users = vault.users // only TOTP/HOTP entries are decoded
            let all = users.indices.compactMap { i in users.suite(at: i).otp.map { Account(entry: users[i], suite: $0) } }
            let totp = all.filter { !$0.suite.usesCounter }
            if all.count == 1 {
                accounts = all
                isListing = false
            } else if !totp.isEmpty {
                accounts = totp
                isListing = true
            } else {
                // Nothing to show: before blaming the vault's contents, make
                // sure the directory read is the one written.
                try vault.verifyDirectory()
                if all.isEmpty {
                    if vault.users.isEmpty { throw IBKeyError.noUsers }
                    if vault.users.count == 1 { throw IBKeyError.wrongKindOfUser(name: vault.users[0].name, suite: vault.users[0].suite) }
                    throw IBKeyError.noOTPAccounts
                }
                throw IBKeyError.userNotChosen(known: all.map(\.entry.name))
            }
        }
        if time != nil, let hotp = accounts.first(where: { $0.suite.usesCounter }) {
            throw IBKeyError.suiteInput(.timeRefused(suite: hotp.suite.text))
        }
        try vault.checkNotBlocked(.pin)
    }

    /// One code made, with what is shown beside it.
    public struct Code: Equatable, Sendable {
        /// The account's name.
        public let user: String
        /// The code: the suite's digits.
        public let code: String
        /// TOTP: the seconds the code has left at the moment it is for; nil for HOTP.
        public let validFor: Int?
        /// HOTP: the counter the code was made with; nil for TOTP.
        public let counter: UInt64?
        /// HOTP: the counter to store before the code is shown; nil for TOTP.
        public let commit: Commit?
    }

    /// An HOTP account's advanced counter, which the caller stores
    /// (`VaultStore.commitCounter`) before showing its code.
    public struct Commit: Equatable, Sendable {
        /// The account's position in the vault.
        public let index: Int
        /// The next counter: the one the code used, plus one.
        public let next: UInt64
    }

    /// The plan's codes, from the vault as unlocked under the lock (read
    /// again since the plan was made). The clock is read once, so that a
    /// listing shows every code for the same moment.
    /// - Parameters:
    ///   - vault: the unlocked vault.
    ///   - clock: Unix seconds now; read once, and only when `time` is nil
    ///     and a TOTP account is shown.
    /// - Returns: one code per account, in the plan's order.
    /// - Throws: `.userNotFound` when an account was removed meanwhile;
    ///   `.badInput` when its suite changed meanwhile, or the clock reads a
    ///   time before 1970; `.damaged` for a record that cannot be opened or
    ///   an HOTP counter at its end.
    public func codes(in vault: UnlockedVault, clock: () -> Int64) throws -> [Code] {
        var now: Int64?
        return try accounts.map { account in
            let index = try vault.userIndex(named: account.entry.name)
            guard vault.users[index].suite == .otp(account.suite) else {
                throw IBKeyError.badInput("account '\(account.entry.name)' changed while the PIN was asked for; run the command again")
            }
            let secret = try vault.secret(at: index)
            let generator = OTPGenerator(suite: account.suite, key: secret.key)
            if account.suite.usesCounter {
                // 2^64 − 1 codes cannot have been made: only an edited file holds this.
                guard secret.counter < UInt64.max else { throw IBKeyError.damaged(Damage(.vault, "the counter of '\(account.entry.name)' is at its end")) }
                return Code(user: account.entry.name, code: generator.code(counter: secret.counter), validFor: nil,
                            counter: secret.counter, commit: Commit(index: index, next: secret.counter + 1))
            }
            let moment = time ?? now ?? clock()
            now = moment
            let step = try generator.timeStep(at: moment)
            return Code(user: account.entry.name, code: generator.code(counter: step.counter), validFor: step.secondsLeft,
                        counter: nil, commit: nil)
        }
    }
}
