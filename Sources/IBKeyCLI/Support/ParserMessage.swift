import ArgumentParser
import IBKeyCore

/// What ArgumentParser refuses, told as the rest of ibkey tells errors: one
/// lowercase line, and a hint that names the command's own help (`ibkey
/// respond --help`) or the option meant.
enum ParserMessage {
    /// The usage error for `error`, thrown by the parser on `arguments`
    /// (without the program name).
    static func usageError(for error: Error, arguments: [String]) -> UsageError {
        if let secret = SecretArgument.error(for: arguments) { return secret }
        if let typo = CommandSuggestion.error(for: arguments) { return typo }
        let message = IBKey.message(for: error)
        let first = message.split(separator: "\n").first.map(String.init) ?? message
        let (command, path) = CommandSuggestion.command(for: arguments)
        let help = "see '\(path) --help'"
        let dash = CommandSuggestion.dashChallengeHint(for: arguments, parserMessage: first)
        // An unknown option is said first: the parser reports a missing or
        // extra argument before it (`verify --windw 3 alice 1`: "unexpected
        // argument '1'"), when the option is what went wrong.
        let typed = arguments.prefix(while: { $0 != "--" })
        let known = CommandSuggestion.options(of: command)
        func unknown(_ word: String) -> UsageError {
            if word == "--version" { return UsageError("unknown option '--version' for '\(path)'", hint: "the version is 'ibkey --version'") }
            // The parser's own "Did you mean" is not used: it suggests whatever is
            // nearest, however far (`--quiet` → `--user`).
            let suggestion = CommandSuggestion.option(near: word, of: command).map { "did you mean '\($0)'? " } ?? ""
            return UsageError("unknown option '\(word.oneLine)'", hint: dash ?? suggestion + help)
        }
        if let word = typed.first(where: { $0.hasPrefix("--") && !known.contains(optionName($0)) }) {
            return unknown(optionName(word))
        }
        // `-user`: the parser reads it as -u -s -e -r and names a letter; the word meant is the one typed.
        if let word = typed.first(where: { isSingleDashLong($0, among: known) }) {
            return UsageError("unknown option '\(optionName(word).oneLine)'", hint: "did you mean '-\(optionName(word))'? " + help)
        }
        if let word = unknownOption(in: first) { return unknown(word) }
        return UsageError(first.prefix(1).lowercased() + first.dropFirst(), hint: dash ?? help)
    }

    /// `--name` of `--name=value`.
    private static func optionName(_ word: String) -> String {
        word.split(separator: "=", maxSplits: 1).first.map(String.init) ?? word
    }

    /// Whether `word` is one of the long options `known` typed with one dash.
    private static func isSingleDashLong(_ word: String, among known: [String]) -> Bool {
        word.hasPrefix("-") && !word.hasPrefix("--") && word.count > 2 && known.contains("-" + optionName(word))
    }

    /// The word of the parser's "Unknown option '--x'. …", if that is its message.
    private static func unknownOption(in line: String) -> String? {
        let prefix = "Unknown option '"
        guard line.hasPrefix(prefix) else { return nil }
        let rest = line.dropFirst(prefix.count)
        return rest.firstIndex(of: "'").map { String(rest[..<$0]) }
    }
}
