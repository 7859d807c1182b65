import ArgumentParser

/// Where a command's user names are completed from: the vault's directory or
/// the issuer store (both read without a PIN).
protocol UserNames { static var completion: CompletionKind { get } }
enum VaultUserNames: UserNames { static var completion: CompletionKind { Completions.vaultUsers } }
enum IssuerUserNames: UserNames { static var completion: CompletionKind { Completions.issuerUsers } }

/// The user a command acts on: `NAME` as its first word, or `--user NAME`
/// (`-u NAME`), so that `ibkey remove bob`, `ibkey remove --user bob` and
/// `ibkey issuer challenge alice` all read as people type them.
struct UserOption<Names: UserNames>: ParsableArguments {
    @Option(name: [.customShort("u"), .long], help: ArgumentHelp("The user (instead of NAME as the first word).", valueName: "name"),
            completion: Names.completion)
    var user: String?

    /// The user's name and the words after it.
    /// - Parameter words: the command's positional words.
    /// - Parameter after: how many words follow the name (a registration code
    ///   may be typed as several words: nil for "any number, at least one").
    func split(_ words: [String], after: Int?) throws -> (name: String, rest: [String]) {
        let rest = user == nil ? Array(words.dropFirst()) : words
        guard let name = user ?? words.first else { throw ValidationError("give the user's name, as NAME or --user NAME") }
        if let after, rest.count != after {
            throw ValidationError(rest.count > after
                ? "unexpected argument '\(rest[after])'" + (user != nil ? " (the user is already given by --user)" : "")
                : "missing argument after the user's name")
        }
        if after == nil, rest.isEmpty { throw ValidationError("missing argument after the user's name") }
        return (name, rest)
    }
}

/// NAME or `--user NAME`, for the commands that take nothing else as words
/// (`remove`, `export`, `issuer add-user`, `issuer challenge`, `issuer remove`).
struct UserNameOptions<Names: UserNames>: ParsableArguments {
    @Argument(help: ArgumentHelp("The user's name (or --user NAME).", valueName: "name"), completion: Names.completion)
    var positionalName: String?

    @OptionGroup var who: UserOption<Names>

    var words: [String] { positionalName.map { [$0] } ?? [] }

    func validate() throws { _ = try who.split(words, after: 0) }

    /// The user's name (checked by `validate`).
    var name: String { (try? who.split(words, after: 0).name) ?? "" }
}

/// The issuer side's `NAME … | --user NAME …` (`activate`, `verify`).
typealias IssuerUserOptions = UserOption<IssuerUserNames>
/// The issuer side's NAME or `--user NAME`.
typealias IssuerNameOptions = UserNameOptions<IssuerUserNames>
/// The vault side's NAME or `--user NAME`.
typealias VaultNameOptions = UserNameOptions<VaultUserNames>
