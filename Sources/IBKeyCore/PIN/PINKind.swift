/// The two PINs a vault knows: the PIN (every day) and the recovery PIN
/// (forgotten PIN, more users, backups).
public enum PINKind: Sendable {
    case pin, recoveryPIN

    /// How messages name it: "PIN" or "recovery PIN".
    public var label: String { self == .pin ? "PIN" : "recovery PIN" }

    /// The kind byte of a key slot (Docs/VAULT.md, "Key slot").
    var slotCode: UInt8 { self == .pin ? 1 : 2 }

    init?(slotCode: UInt8) {
        switch slotCode {
        case 1: self = .pin
        case 2: self = .recoveryPIN
        default: return nil
        }
    }
}
