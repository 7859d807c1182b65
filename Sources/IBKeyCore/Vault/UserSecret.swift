/// What a record holds for one user. Keys and PIN hashes stay inside guarded
/// buffers. `counter` is the next counter value (from the counter cells).
public struct UserSecret {
    /// The next counter to use; suites without C do not use it.
    public var counter: UInt64
    /// The OCRA key, 16 to 128 bytes.
    public var key: SecretRef
    /// The P input (the PIN's hash), for suites with P; nil otherwise.
    public var pinHash: SecretRef?

    /// A user's secret, as a record holds it.
    /// - Parameters:
    ///   - counter: the next counter.
    ///   - key: the OCRA key.
    ///   - pinHash: the P input, for suites with P.
    public init(counter: UInt64, key: SecretRef, pinHash: SecretRef?) {
        self.counter = counter; self.key = key; self.pinHash = pinHash
    }
}
