/// The two PINs a vault knows: the PIN (every day) and the recovery PIN
/// (forgotten PIN, more users, backups).
public enum PINKind: Sendable {
    case pin, recoveryPIN

    /// How messages name it: "PIN" or "recovery PIN".
    public var label: String { self == .pin ? "PIN" : "recovery PIN" }
}
