/// Token-side operations that combine the codecs and the vault, with no I/O.
public enum Token {
    /// The user record made from an activation code. For P suites the PIN hash
    /// is taken now, from the PIN in force at enrollment (DESIGN.md §1).
    public static func enrollment(name: String, code: ActivationCode, pin: SecureBytes, now: Int64)
        -> (entry: UserEntry, secret: UserSecret, registration: String)
    {
        let suite = code.suiteID.suite
        let pinHash = suite.pinHash.map { $0.hash(pin) }
        let entry = UserEntry(name: name, suite: suite.text, enrolledAt: now)
        let secret = UserSecret(counter: UInt64(code.counter), key: SecretRef(code.key),
                                pinHash: pinHash.map { SecretRef($0) })
        let reg = RegistrationCode.make(user: name, suiteID: code.suiteID, tokenKey: code.key, pinHash: pinHash)
        return (entry, secret, reg)
    }

    /// Normalises a challenge as typed: spaces and `-` are dropped; the rest
    /// must be exactly the suite's challenge length in its format.
    public static func normalizeChallenge(_ raw: String, suite: OCRASuite) throws -> String {
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

/// Computes responses for one enrolled user. For counter suites each
/// response uses the current counter and advances it; the caller stores the
/// advanced counter before showing any response.
public final class Responder {
    public let suite: OCRASuite
    private let ocra: OCRA
    private let pinHash: SecretRef?
    public private(set) var counter: UInt64

    public init(vault: UnlockedVault, index: Int) throws {
        let entry = vault.users[index]
        let secret = try vault.secret(at: index)
        do { suite = try OCRASuite(entry.suite) } catch {
            throw IBKeyError.damaged("vault damaged: user '\(entry.name)' has an unreadable suite")
        }
        ocra = OCRA(suite: suite, key: secret.key)
        pinHash = secret.pinHash
        counter = secret.counter
    }

    /// The response to an already normalised challenge.
    public func respond(to challenge: String) throws -> String {
        if suite.usesCounter {
            guard counter < UInt64.max else { throw IBKeyError.internalError("counter exhausted") }
            let r = try ocra.response(OCRAInput(counter: counter, question: challenge, pinHash: pinHash))
            counter += 1
            return r
        }
        return try ocra.response(OCRAInput(question: challenge, pinHash: pinHash))
    }
}
