/// What a record holds for one user. Keys and PIN hashes stay inside guarded
/// buffers. `counter` is the next counter value (from the counter cells).
public struct UserSecret {
    public var counter: UInt64
    public var key: SecretRef
    public var pinHash: SecretRef?

    public init(counter: UInt64, key: SecretRef, pinHash: SecretRef?) {
        self.counter = counter; self.key = key; self.pinHash = pinHash
    }
}
