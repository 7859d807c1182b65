import IBKeyCore

/// Text from outside (names, paths, challenges, the contents of files) made
/// safe to print: every character of Unicode categories Cc, Cf, Zl and Zp is
/// shown as `\u{…}`, so nothing printed can move the cursor, change colours,
/// set the window title, reorder the text around it or hide a character.
/// Everything `Console` writes passes through here.
enum TerminalText {
    /// - Parameter keepLines: keep newline and tab (for tables and multi-line
    ///   output); false for one-line messages, which then stay one line.
    static func escaped(_ s: String, keepLines: Bool) -> String {
        // Printable ASCII, the common case, is returned as it is after one pass.
        var plain = true
        for b in s.utf8 where b < 0x20 || b >= 0x7F {
            if keepLines && (b == 0x0A || b == 0x09) { continue }
            plain = false
            break
        }
        if plain { return s }
        var out = ""
        for u in s.unicodeScalars {
            if keepLines && (u == "\n" || u == "\t") || !UnicodeClass.isControlOrFormat(u) {
                out.unicodeScalars.append(u)
            } else {
                out += "\\u{" + String(u.value, radix: 16) + "}"
            }
        }
        return out
    }
}
