import ArgumentParser

/// The user an issuer command acts on: `NAME` as its first word, or
/// `--user NAME` as the vault side spells it (`ibkey issuer challenge alice`
/// and `ibkey issuer challenge --user alice` are the same).
struct IssuerUserOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The user (instead of NAME as the first word).", valueName: "name"), completion: Completions.issuerUsers)
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

/// NAME or `--user NAME`, for the issuer commands that take nothing else
/// (`add-user`, `challenge`, `remove`).
struct IssuerNameOptions: ParsableArguments {
    @Argument(help: ArgumentHelp("The user's name (or --user NAME).", valueName: "name"), completion: Completions.issuerUsers)
    var positionalName: String?

    @OptionGroup var who: IssuerUserOptions

    var words: [String] { positionalName.map { [$0] } ?? [] }

    func validate() throws { _ = try who.split(words, after: 0) }

    /// The user's name (checked by `validate`).
    var name: String { (try? who.split(words, after: 0).name) ?? "" }
}
