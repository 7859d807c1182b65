/// Known-answer vectors checked by `ibkey selftest` and by the test suite.
///
/// Sources: RFC 4226 Appendix D; RFC 6287 Appendix C (C.1 one-way, C.2 mutual
/// server and client computations, C.3 plain signature); the published IB Key vectors
/// (Docs/PROTOCOL.md §1, "Test vectors the project checks").
/// Every vector was reproduced independently with the PyPI package `oath`
/// (RFC 6287) and Python's `hmac` (RFC 4226). RFC keys: 20 bytes "1234567890"×2,
/// 32 bytes "12345678901234567890123456789012", 64 bytes "1234567890"×6 + "1234";
/// PIN "1234"; the T input 0x132d0b6 time steps of one minute.
public struct OCRAVector: Sendable {
    /// What the vector is and where it comes from, as `selftest` lists it.
    public let name: String
    /// The suite text, parsed when the vector runs.
    public let suite: String
    /// The key, in hex.
    public let keyHex: String
    /// nil when the suite has no C.
    public let counter: UInt64?
    /// As the user gives it: decimal for N, text for A, hex for H. Mutual-mode
    /// vectors concatenate the two questions, as fed to HMAC.
    public let question: String
    /// The PIN when the suite has P (the engine hashes it), else nil.
    public let pin: String?
    /// The T input as a count of time steps, nil when no T.
    public let timeSteps: UInt64?
    /// The response the source publishes.
    public let expected: String

    /// One vector, as `KnownAnswers` lists it.
    /// - Parameters:
    ///   - name: what it is and where it comes from.
    ///   - suite: the suite text.
    ///   - keyHex: the key, in hex.
    ///   - counter: C, nil when the suite has none.
    ///   - question: the challenge, as the user gives it.
    ///   - pin: the PIN, for suites with P.
    ///   - timeSteps: T, for suites with T.
    ///   - expected: the published response.
    public init(name: String, suite: String, keyHex: String, counter: UInt64?, question: String,
                pin: String?, timeSteps: UInt64?, expected: String) {
        self.name = name; self.suite = suite; self.keyHex = keyHex; self.counter = counter
        self.question = question; self.pin = pin; self.timeSteps = timeSteps; self.expected = expected
    }

}

/// A known-answer vector for HOTP (RFC 4226 Appendix D), which OCRA builds on.
public struct HOTPVector: Sendable {
    /// The key, in hex.
    public let keyHex: String
    /// The counter.
    public let counter: UInt64
    /// Decimal digits of the value.
    public let digits: Int
    /// The published value.
    public let expected: String

    /// One vector, as `KnownAnswers.rfc4226` lists it.
    /// - Parameters:
    ///   - keyHex: the key, in hex.
    ///   - counter: the counter.
    ///   - digits: decimal digits of the value.
    ///   - expected: the published value.
    public init(keyHex: String, counter: UInt64, digits: Int, expected: String) {
        self.keyHex = keyHex; self.counter = counter; self.digits = digits; self.expected = expected
    }

}
