import ArgumentParser
import IBKeyCore

/// "Did you mean …?" for a mistyped command (`ibkey respnd` → `respond`,
/// `ibkey issuer chalenge` → `issuer challenge`) or option (`--usr` →
/// `--user`), as git and cargo do; and which command's help to point at.
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
            let hint = closest(to: word, in: names).map { "did you mean '\((path + [$0]).joined(separator: " "))'?" }
            return UsageError("unknown command '\(word.oneLine)' for '\(path.joined(separator: " "))'",
                          hint: hint ?? "see '\(path.joined(separator: " ")) --help' for the commands")
        }
        return nil
    }

    /// The command the leading words of `arguments` name (the root when
    /// none), and how it is typed (`ibkey issuer verify`).
    static func command(for arguments: [String]) -> (type: ParsableCommand.Type, path: String) {
        var command: ParsableCommand.Type = IBKey.self
        var path = ["ibkey"]
        for word in arguments {
            guard let next = command.configuration.subcommands.first(where: { $0._commandName == word }) else { break }
            command = next
            path.append(word)
        }
        return (command, path.joined(separator: " "))
    }

    /// The option names `command` takes (`-u`, `--user`, …), as its help lists them.
    static func options(of command: ParsableCommand.Type) -> [String] {
        // The help screen is the public view of a command's options; it is
        // built only on this error path. Wide columns keep each on one line.
        var names: [String] = []
        var inOptions = false
        for line in IBKey.helpMessage(for: command, columns: 1000).split(separator: "\n", omittingEmptySubsequences: false) {
            if !line.hasPrefix(" ") && line.hasSuffix(":") { inOptions = line == "OPTIONS:"; continue }
            guard inOptions, line.hasPrefix("  -") else { continue }
            let spec = line.dropFirst(2).split(separator: "  ", maxSplits: 1).first ?? ""
            names += spec.split(separator: ", ").compactMap { $0.split(separator: " ").first.map(String.init) }
        }
        return names
    }

    /// For an unknown option of `command`, the option meant: one within two
    /// edits of its name (one, for a name of three letters or fewer), so that
    /// `--quiet` suggests nothing rather than `--user`. Dashes do not count:
    /// `-user` suggests `--user`.
    static func option(near word: String, of command: ParsableCommand.Type) -> String? {
        let bare = { (s: String) in String(s.drop { $0 == "-" }) }
        let typed = bare(word.split(separator: "=", maxSplits: 1).first.map(String.init) ?? word)
        guard typed.count >= 2 else { return nil } // any letter is one edit from another
        let candidates = options(of: command).filter { bare($0).count >= 2 }
        return closest(to: typed, in: candidates, by: bare)
    }

    /// The name nearest `word`, if near enough: within two edits, and within
    /// one for a word of three letters or fewer.
    static func closest(to word: String, in names: [String], by key: (String) -> String = { $0 }) -> String? {
        let limit = word.count <= 3 ? 1 : 2
        let best = names.map { ($0, distance(word, key($0))) }.min { $0.1 < $1.1 }
        return best.flatMap { $0.1 <= limit ? $0.0 : nil }
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
