import ArgumentParser
import IBKeyCore

/// "Did you mean …?" for a mistyped command (`ibkey respnd` → `respond`,
/// `ibkey issuer chalenge` → `issuer challenge`), as git and cargo do.
enum CommandSuggestion {
    /// When `arguments` (without the program name) name an unknown command,
    /// the error to show in place of the parser's: the unknown word and the
    /// closest command, if one is within two edits.
    static func error(for arguments: [String]) -> UsageError? {
        var command: ParsableCommand.Type = IBKey.self
        var path = ["ibkey"]
        for word in arguments {
            let subcommands = command.configuration.subcommands
            guard !subcommands.isEmpty, !word.hasPrefix("-") else { return nil }
            if path.count == 1 && word == "help" { return nil } // `ibkey help …`: the parser's own
            if let next = subcommands.first(where: { $0._commandName == word }) {
                command = next
                path.append(word)
                continue
            }
            let names = subcommands.map { $0._commandName } + (path.count == 1 ? ["help"] : [])
            let best = names.map { ($0, distance(word, $0)) }.min { $0.1 < $1.1 }
            let hint = best.flatMap { $0.1 <= 2 ? "did you mean '\((path + [$0.0]).joined(separator: " "))'?" : nil }
            return UsageError("unknown command '\(word.oneLine)' for '\(path.joined(separator: " "))'",
                          hint: hint ?? "see '\(path.joined(separator: " ")) --help' for the commands")
        }
        return nil
    }

    /// For `respond` given a word that starts with one '-' the parser took for
    /// an option (an A challenge such as `-x9!k`): how to pass it as a challenge.
    static func dashChallengeHint(for arguments: [String], parserMessage: String) -> String? {
        guard arguments.first == "respond",
              let word = arguments.first(where: { $0.hasPrefix("-") && !$0.hasPrefix("--") && $0.count > 2 }),
              parserMessage.contains("'\(word)'") else { return nil }
        return "a challenge that starts with '-' goes after '--': ibkey respond [--user NAME] -- \(word.oneLine)"
    }

    /// Levenshtein distance (insertions, deletions, substitutions).
    static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a.unicodeScalars), b = Array(b.unicodeScalars)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var row = Array(0...b.count)
        for i in 1...a.count {
            var diagonal = row[0]
            row[0] = i
            for j in 1...b.count {
                let above = row[j]
                row[j] = Swift.min(above + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1))
                diagonal = above
            }
        }
        return row[b.count]
    }
}
