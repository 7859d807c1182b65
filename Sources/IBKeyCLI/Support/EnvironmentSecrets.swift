#if canImport(Glibc)
import Glibc
#endif
import IBKeyCore

/// Secrets found in the environment, moved into guarded memory at start-up
/// and scrubbed from the process environment (so they do not linger in
/// /proc/PID/environ or reach child processes).
enum EnvironmentSecrets {
    // Three plain slots rather than a dictionary: this runs at every start, and
    // the first [SecretKind: SecureBytes] costs a runtime generic instantiation
    // (~0.3 ms of a 4 ms respond).
    nonisolated(unsafe) private static var pin: SecureBytes?
    nonisolated(unsafe) private static var recoveryPIN: SecureBytes?
    nonisolated(unsafe) private static var newPIN: SecureBytes?

    static func captureAndScrub() {
        pin = capture(.pin)
        recoveryPIN = capture(.recoveryPIN)
        newPIN = capture(.newPIN)
    }

    private static func capture(_ kind: SecretKind) -> SecureBytes? {
        guard let p = getenv(kind.envName) else { return nil }
        let n = strlen(p)
        // An empty variable counts as unset, as shells make it easy to set one by mistake.
        let secret = n > 0 ? SecureBytes(copying: UnsafeRawBufferPointer(start: p, count: n)) : nil
        memset(p, 0, n) // overwrite the original environment block in place
        unsetenv(kind.envName)
        return secret
    }

    static func take(_ kind: SecretKind) -> SecureBytes? {
        switch kind {
        case .pin: pin
        case .recoveryPIN: recoveryPIN
        case .newPIN: newPIN
        }
    }
}
