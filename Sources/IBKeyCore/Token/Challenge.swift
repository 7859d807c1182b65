/// A challenge as a person or a script types it, checked against a suite
/// (Docs/IMPORT.md, "Challenges of every suite"), whose QNxx, QAxx or QHxx says its
/// format and length:
/// - N: exactly xx decimal digits; spaces, tabs and `-` between them are
///   ignored (`123 456`);
/// - H: exactly xx hex digits, either case; spaces, tabs and `-` are ignored;
/// - A: 4 to xx printable ASCII characters without spaces (`!` to `~`),
///   taken exactly as given: a `-` is part of the challenge.
///
/// RFC 6287 lets a challenge be shorter than xx. For N and H that loses
/// nothing by asking for all xx: a shorter decimal challenge gives the same
/// response as the one padded with zeros on the left, a shorter hex one the
/// same as the one padded with zeros on the right, and a digit left out by
/// mistake is caught. An A challenge has no such padding, so it may be short.
public enum Challenge {
    /// The lengths a challenge for `suite` may have, after separators are dropped.
    /// - Parameter suite: the suite.
    /// - Returns: exactly xx for N and H; 4 to xx for A.
    public static func lengths(for suite: OCRASuite) -> ClosedRange<Int> {
        suite.challengeFormat == .alphanumeric ? min(4, suite.challengeLength)...suite.challengeLength
                                               : suite.challengeLength...suite.challengeLength
    }

    /// The challenge in the suite's format, separators dropped.
    /// - Parameters:
    ///   - raw: the challenge as typed.
    ///   - suite: the user's suite.
    /// - Returns: the challenge, ready for `Responder.respond(to:)`.
    /// - Throws: `.badChallenge` saying what is wrong.
    public static func normalize(_ raw: String, suite: OCRASuite) throws -> String {
        let length = suite.challengeLength
        let text: String
        if suite.challengeFormat == .alphanumeric {
            text = raw
        } else {
            let kept = raw.unicodeScalars.filter { $0 != " " && $0 != "-" && $0 != "\t" }
            text = String(String.UnicodeScalarView(kept))
        }
        let unit = suite.challengeFormat == .numeric ? "digits" : suite.challengeFormat == .hex ? "hex digits" : "characters"
        guard !text.isEmpty else {
            throw IBKeyError.badChallenge("challenge is empty; type the \(length)-\(unit.dropLast()) challenge shown at login")
        }
        switch suite.challengeFormat {
        case .numeric:
            guard text.unicodeScalars.allSatisfy({ ("0"..."9").contains($0) }) else {
                throw IBKeyError.badChallenge("challenge must be \(length) digits (0–9), got '\(printable(text))'")
            }
        case .hex:
            guard text.unicodeScalars.allSatisfy({ $0.isASCII && $0.properties.isASCIIHexDigit }) else {
                throw IBKeyError.badChallenge("challenge must be \(length) hex digits (0–9, a–f), got '\(printable(text))'")
            }
        case .alphanumeric:
            guard text.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7F }) else {
                throw IBKeyError.badChallenge("challenge must be \(lengths(for: suite).lowerBound) to \(length) printable ASCII characters without spaces, got '\(printable(text))'")
            }
        }
        let count = text.unicodeScalars.count
        let allowed = lengths(for: suite)
        guard allowed.contains(count) else {
            let wanted = allowed.count == 1 ? "\(length)" : "\(allowed.lowerBound) to \(length)"
            // A shorter N or H challenge means the same as one padded with zeros (Docs/IMPORT.md,
            // challenges): say so, for a verifier that shows fewer digits than the suite names.
            // (`text` holds only digits here, checked above, so it is shown as it is.)
            let zeros = String(repeating: "0", count: max(0, length - count))
            let padded = suite.challengeFormat == .numeric ? zeros + text : text + zeros
            let note = count < length && suite.challengeFormat != .alphanumeric
                ? " (if the login shows \(count), type \(padded): the same challenge)" : ""
            throw IBKeyError.badChallenge("challenge must be \(wanted) \(unit), got \(count)\(note)")
        }
        return text
    }

    /// A challenge shown back in an error: control characters escaped, cut short.
    static func printable(_ s: String) -> String { s.oneLine(limit: 20) }
}
