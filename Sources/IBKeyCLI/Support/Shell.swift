import IBKeyCore

/// Text from a file put into a command that a hint suggests: quoted for the
/// shell, so that copying the hint runs nothing the file chose.
enum Shell {
    /// `word` as is when it holds only safe characters, else in single quotes
    /// (a `'` inside written as `'\''`), and cut to one line.
    static func quoted(_ word: String) -> String {
        let safe = !word.isEmpty && word.unicodeScalars.allSatisfy {
            ($0.isASCII && ($0.properties.isAlphabetic || $0.properties.numericType != nil)) || "._-+@:,=%/".unicodeScalars.contains($0)
        }
        guard !safe else { return word }
        var out = "'"
        for c in word.oneLine { out += c == "'" ? "'\\''" : String(c) }
        return out + "'"
    }
}
