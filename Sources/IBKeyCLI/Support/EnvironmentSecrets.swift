#if canImport(Glibc)
import Glibc
#endif
import IBKeyCore

/// Secrets found in the environment, moved into guarded memory at start-up
/// and scrubbed from the process environment (so they do not linger in
/// /proc/PID/environ or reach child processes). Once the command is known,
/// the ones it does not use are released (and so wiped).
enum EnvironmentSecrets {
    // Plain slots rather than a dictionary: this runs at every start, and the
    // first [SecretKind: SecureBytes] costs a runtime generic instantiation
    // (~0.3 ms of a 4 ms respond).
    nonisolated(unsafe) private static var pin: SecureBytes?
    nonisolated(unsafe) private static var recoveryPIN: SecureBytes?
    nonisolated(unsafe) private static var newPIN: SecureBytes?
    nonisolated(unsafe) private static var tokenPIN: SecureBytes?
    nonisolated(unsafe) private static var secret: SecureBytes?
    nonisolated(unsafe) private static var importPassword: SecureBytes?
    nonisolated(unsafe) private static var exportPassword: SecureBytes?

    static func captureAndScrub() {
        pin = capture(.pin)
        recoveryPIN = capture(.recoveryPIN)
        newPIN = capture(.newPIN)
        tokenPIN = capture(.tokenPIN)
        secret = capture(.secret)
        importPassword = capture(.importPassword)
        exportPassword = capture(.exportPassword)
    }

    /// The variable's value (the first copy, as `getenv` reads it), with every
    /// copy of it overwritten in the environment block: a block may name a
    /// variable twice, and `unsetenv` drops the entries without wiping them.
    private static func capture(_ kind: SecretKind) -> SecureBytes? {
        guard let p = getenv(kind.envName) else { return nil }
        let n = strlen(p)
        // An empty variable counts as unset, as shells make it easy to set one by mistake.
        let secret = n > 0 ? SecureBytes(copying: UnsafeRawBufferPointer(start: p, count: n)) : nil
        let prefix = Array((kind.envName + "=").utf8)
        var entry = environ
        while let e = entry.pointee {
            if memcmp(e, prefix, prefix.count) == 0 {
                let value = e + prefix.count
                memset(value, 0, strlen(value)) // overwrite the original environment block in place
            }
            entry += 1
        }
        unsetenv(kind.envName)
        return secret
    }

    /// The secret of `kind` captured at start-up, still held (nil if none or released).
    static func captured(_ kind: SecretKind) -> SecureBytes? {
        switch kind {
        case .pin: pin
        case .recoveryPIN: recoveryPIN
        case .newPIN: newPIN
        case .tokenPIN: tokenPIN
        case .secret: secret
        case .importPassword: importPassword
        case .exportPassword: exportPassword
        case .preSharedKey: nil
        }
    }

    /// `keepOnly([.pin])` for `respond`'s fast path, without the array (a
    /// generic instantiation at start-up costs more than the rest of this).
    static func keepOnlyPIN() {
        recoveryPIN = nil; newPIN = nil; tokenPIN = nil; secret = nil; importPassword = nil; exportPassword = nil
    }

    /// Drops (and so wipes) every secret but those of `kinds`.
    static func keepOnly(_ kinds: [SecretKind]) {
        if !kinds.contains(.pin) { pin = nil }
        if !kinds.contains(.recoveryPIN) { recoveryPIN = nil }
        if !kinds.contains(.newPIN) { newPIN = nil }
        if !kinds.contains(.tokenPIN) { tokenPIN = nil }
        if !kinds.contains(.secret) { secret = nil }
        if !kinds.contains(.importPassword) { importPassword = nil }
        if !kinds.contains(.exportPassword) { exportPassword = nil }
    }
}

/// A command that reads secrets declares which; every other secret found in
/// the environment is released (and so wiped) once the command is known.
protocol UsesSecrets {
    static var secrets: [SecretKind] { get }
}
