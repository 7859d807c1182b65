/// An OCRA suite (RFC 6287 §6): `OCRA-1:HOTP-<hash>-<digits>:<data input>`.
/// Parsing is strict: every element is checked and a malformed suite is
/// refused with an error that names the offending part.
public struct OCRASuite: Sendable, Hashable, CustomStringConvertible {
    /// The F of QFxx: N, decimal digits read as one number; A, printable
    /// ASCII taken byte for byte; H, hex digits as given.
    public enum ChallengeFormat: Character, Sendable {
        case numeric = "N", alphanumeric = "A", hex = "H"
    }

    /// The suite exactly as given: the start of every OCRA message, so it is never rewritten.
    public let text: String
    /// The HMAC's hash (HOTP-SHA1, -SHA256 or -SHA512).
    public let hash: HashAlgorithm
    /// 0 (no truncation: the full HMAC in hex) or 4...10.
    public let digits: Int
    /// The data input has C: each response uses the next counter, which the
    /// vault stores before showing the response.
    public let usesCounter: Bool
    /// How a challenge is written: N, A or H.
    public let challengeFormat: ChallengeFormat
    /// The xx of Qxx: the challenge length a user types, 4...64.
    public let challengeLength: Int
    /// The hash of the P input (PSHA1, PSHA256, PSHA512), nil without P.
    /// P is this hash of the token's PIN, kept in the vault.
    public let pinHash: HashAlgorithm?
    /// Length in bytes of the session information (Snnn), nil when absent.
    public let sessionLength: Int?
    /// Time step in seconds (T), nil when absent.
    public let timeStep: Int?

    /// The suite text, for messages.
    public var description: String { text }

    /// Equal when the texts are: every other field follows from the text.
    /// - Parameters:
    ///   - a: one suite.
    ///   - b: the other.
    /// - Returns: whether they are the same suite.
    public static func == (a: OCRASuite, b: OCRASuite) -> Bool { a.text == b.text }

    /// Hashes the text, which determines the suite.
    /// - Parameter hasher: the hasher.
    public func hash(into hasher: inout Hasher) { hasher.combine(text) }

    /// The IB Key default.
    public static let ibKey = try! OCRASuite("OCRA-1:HOTP-SHA1-8:C-QN06-PSHA1")

    /// Parses a suite strictly (Docs/PROTOCOL.md §1): digits 0 or 4–10
    /// without leading zeros, a challenge length 04–64, the data inputs at
    /// most once each, in the order C, Q, P, S, T.
    /// - Parameter text: the suite, such as `OCRA-1:HOTP-SHA1-8:C-QN06-PSHA1`.
    /// - Throws: `.badSuite` naming the part that is wrong.
    public init(_ text: String) throws {
        func fail(_ why: String) -> IBKeyError { .badSuite("\(text.oneLine): \(why)") }
        guard text.utf8.allSatisfy({ $0 >= 0x21 && $0 < 0x7F }) else { throw fail("only printable ASCII is allowed") }
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 3 else { throw fail("expected three parts separated by ':'") }
        guard parts[0] == "OCRA-1" else { throw fail("algorithm must be OCRA-1, got '\(parts[0])'") }

        // CryptoFunction: HOTP-SHAx-t
        let cf = parts[1].split(separator: "-", omittingEmptySubsequences: false)
        guard cf.count == 3, cf[0] == "HOTP" else { throw fail("crypto function must be HOTP-SHA<1|256|512>-<digits>") }
        guard let h = HashAlgorithm(rawValue: String(cf[1])) else {
            throw fail("hash must be SHA1, SHA256 or SHA512, got '\(cf[1])'")
        }
        guard let d = Self.decimal(cf[2], maxDigits: 2), String(d) == cf[2], d == 0 || (4...10).contains(d) else {
            throw fail("digits must be 0 or 4–10, got '\(cf[2])'")
        }

        // DataInput: [C-]QFxx[-PH][-Snnn][-TG], each at most once and in this order.
        var items = parts[2].split(separator: "-", omittingEmptySubsequences: false)[...]
        guard !items.contains(where: \.isEmpty) else { throw fail("empty data input element") }
        var counter = false
        if items.first == "C" { counter = true; items = items.dropFirst() }
        guard let q = items.first, q.first == "Q" else { throw fail("data input needs a challenge Q<A|N|H><04–64>") }
        items = items.dropFirst()
        let qBody = q.dropFirst()
        guard qBody.count == 3, let fmt = ChallengeFormat(rawValue: qBody.first!) else {
            throw fail("challenge must be Q<A|N|H><04–64>, got '\(q)'")
        }
        guard let ql = Self.decimal(qBody.dropFirst(), maxDigits: 2), (4...64).contains(ql) else {
            throw fail("challenge length must be 04–64, got '\(q)'")
        }
        var pin: HashAlgorithm?
        var session: Int?
        var step: Int?
        var order = 0 // P < S < T
        for item in items {
            switch item.first {
            case "P":
                guard order < 1 else { throw fail("'\(item)' is out of order or repeated (P, then S, then T)") }
                guard let ph = HashAlgorithm(rawValue: String(item.dropFirst())) else {
                    throw fail("PIN hash must be PSHA1, PSHA256 or PSHA512, got '\(item)'")
                }
                pin = ph; order = 1
            case "S":
                guard order < 2 else { throw fail("'\(item)' is out of order or repeated (P, then S, then T)") }
                guard item.count == 4, let n = Self.decimal(item.dropFirst(), maxDigits: 3), (1...512).contains(n) else {
                    throw fail("session information must be S<001–512>, got '\(item)'")
                }
                session = n; order = 2
            case "T":
                guard order < 3 else { throw fail("'\(item)' is out of order or repeated (P, then S, then T)") }
                let body = item.dropFirst()
                guard let unit = body.last, let n = Self.decimal(body.dropLast(), maxDigits: 2) else {
                    throw fail("time step must be T<1–59>S, T<1–59>M or T<1–48>H, got '\(item)'")
                }
                switch unit {
                case "S" where (1...59).contains(n): step = n
                case "M" where (1...59).contains(n): step = n * 60
                case "H" where (1...48).contains(n): step = n * 3600
                default: throw fail("time step must be T<1–59>S, T<1–59>M or T<1–48>H, got '\(item)'")
                }
                order = 3
            case "C":
                throw fail("the counter C must come first in the data input")
            default:
                throw fail("unknown data input '\(item)'")
            }
        }
        self.text = text
        self.hash = h
        self.digits = d
        self.usesCounter = counter
        self.challengeFormat = fmt
        self.challengeLength = ql
        self.pinHash = pin
        self.sessionLength = session
        self.timeStep = step
    }

    /// Strict decimal: 1...maxDigits ASCII digits, nothing else.
    private static func decimal(_ s: Substring, maxDigits: Int) -> Int? {
        guard !s.isEmpty, s.count <= maxDigits, s.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
        return Int(s)
    }
}
