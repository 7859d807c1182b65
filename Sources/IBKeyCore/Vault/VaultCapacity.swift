/// How many users, and users of how many distinct suites, one vault holds
/// (Docs/VAULT.md, "Sizes and limits"): checked when users are added, and
/// by `enroll` and `import` before anything is asked or written.
public enum VaultCapacity {
    /// Refuses adding users of `newSuites` to a vault whose users have `existingSuites`.
    /// - Parameters:
    ///   - existingSuites: the suite of each user already in the vault (none for a new vault).
    ///   - newSuites: the suite of each user to add.
    /// - Throws: `.badInput` when the vault would hold more than 100 000 users, or
    ///   users of more than 255 distinct suites.
    public static func check(existingSuites: [UserSuite], adding newSuites: [UserSuite]) throws {
        guard existingSuites.count + newSuites.count <= VaultLayout.maxUsers else {
            throw IBKeyError.badInput("the vault is full (\(VaultLayout.maxUsers) users)")
        }
        guard Set(existingSuites).union(newSuites).count <= VaultLayout.maxSuites else {
            throw IBKeyError.badInput("a vault holds users of at most \(VaultLayout.maxSuites) different suites")
        }
    }
}
