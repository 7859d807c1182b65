/// The two PINs a vault knows: the PIN (every day) and the recovery PIN
/// (forgotten PIN, more users, backups).
public enum PINKind: Sendable {
    case pin, recoveryPIN

    public var label: String { self == .pin ? "PIN" : "recovery PIN" }
}
