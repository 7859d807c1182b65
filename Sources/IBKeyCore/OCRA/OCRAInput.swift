/// The data inputs of one OCRA computation (RFC 6287 §5.1).
public struct OCRAInput {
    /// The C input, for suites with C: the counter this response uses.
    public var counter: UInt64?
    /// As the user gives it: decimal digits (N), text (A) or hex digits (H).
    public var question: String
    /// The P input: the hash of the PIN, `suite.pinHash.digestLength` bytes
    /// (a range of a guarded buffer: a vault record's, without a copy).
    public var pinHash: SecretRef?
    /// The S input: at most `suite.sessionLength` bytes, left-padded with zeros.
    public var session: [UInt8]?
    /// The T input: a count of time steps (Unix seconds / step).
    public var timeSteps: UInt64?

    /// The inputs, with the P input in a guarded buffer of its own.
    /// - Parameters:
    ///   - counter: C, for suites with C.
    ///   - question: the challenge, as the user gives it.
    ///   - pinHash: P, for suites with P.
    ///   - session: S, for suites with S.
    ///   - timeSteps: T, for suites with T.
    public init(counter: UInt64? = nil, question: String, pinHash: SecureBytes? = nil,
                session: [UInt8]? = nil, timeSteps: UInt64? = nil) {
        self.init(counter: counter, question: question, pinHash: pinHash.map { SecretRef($0) }, session: session, timeSteps: timeSteps)
    }

    /// The inputs, with the P input read in place from a larger guarded buffer.
    /// - Parameters:
    ///   - counter: C, for suites with C.
    ///   - question: the challenge, as the user gives it.
    ///   - pinHash: P, for suites with P.
    ///   - session: S, for suites with S.
    ///   - timeSteps: T, for suites with T.
    public init(counter: UInt64? = nil, question: String, pinHash: SecretRef?,
                session: [UInt8]? = nil, timeSteps: UInt64? = nil) {
        self.counter = counter
        self.question = question
        self.pinHash = pinHash
        self.session = session
        self.timeSteps = timeSteps
    }
}
