extension String {
    /// The text fit to quote in a one-line error message: control, format and
    /// line-separator characters (Unicode Cc, Cf, Zl, Zp) written as `\u{…}`,
    /// and cut after 80 characters. For anything taken from a file or typed.
    public var oneLine: String { oneLine(limit: 80) }

    /// `oneLine` with another cut, for shorter quotes (a challenge in an error).
    /// - Parameter limit: the Unicode scalars kept; `…` marks a cut.
    /// - Returns: the text, escaped and cut.
    public func oneLine(limit: Int) -> String {
        var out = ""
        for u in unicodeScalars.prefix(limit) {
            if UnicodeClass.isControlOrFormat(u) { out += "\\u{\(String(u.value, radix: 16))}" } else { out.unicodeScalars.append(u) }
        }
        return unicodeScalars.count > limit ? out + "…" : out
    }
}
