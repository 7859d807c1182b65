/// A challenge as a person or a script types it, checked against a suite.
public enum Challenge {
    /// Normalises a challenge as typed: spaces and `-` are dropped; the rest
    /// must be exactly the suite's challenge length in its format.
    public static func normalize(_ raw: String, suite: OCRASuite) throws -> String {
        let kept = raw.unicodeScalars.filter { $0 != " " && $0 != "-" && $0 != "\t" }
        let text = String(String.UnicodeScalarView(kept))
        guard !text.isEmpty else {
            throw IBKeyError.badChallenge("challenge is empty; type the \(suite.challengeLength)-digit challenge shown at login")
        }
        switch suite.challengeFormat {
        case .numeric:
            guard text.unicodeScalars.allSatisfy({ ("0"..."9").contains($0) }) else {
                throw IBKeyError.badChallenge("challenge must be \(suite.challengeLength) digits (0–9), got '\(printable(text))'")
            }
        case .hex:
            guard text.unicodeScalars.allSatisfy({ $0.isASCII && $0.properties.isASCIIHexDigit }) else {
                throw IBKeyError.badChallenge("challenge must be \(suite.challengeLength) hex digits")
            }
        case .alphanumeric:
            guard text.unicodeScalars.allSatisfy({ $0.isASCII && $0.value > 0x20 && $0.value < 0x7F }) else {
                throw IBKeyError.badChallenge("challenge must be \(suite.challengeLength) printable ASCII characters")
            }
        }
        let count = text.unicodeScalars.count
        guard count == suite.challengeLength else {
            let unit = suite.challengeFormat == .numeric ? "digits" : "characters"
            throw IBKeyError.badChallenge("challenge must be \(suite.challengeLength) \(unit), got \(count)")
        }
        return text
    }

    /// A challenge shown back in an error: control characters escaped, cut short.
    static func printable(_ s: String) -> String {
        var out = ""
        for u in s.unicodeScalars.prefix(20) {
            out += (u.value < 0x20 || u.value == 0x7F) ? "\\u{\(String(u.value, radix: 16))}" : String(u)
        }
        return s.unicodeScalars.count > 20 ? out + "…" : out
    }
}
