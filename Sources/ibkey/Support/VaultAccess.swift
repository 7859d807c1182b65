#if canImport(Glibc)
import Glibc
#endif
import IBKeyCore

/// Steps several commands share: choosing the user, timing the KDF, and
/// telling the user what a PIN is worth against offline guessing.
enum VaultAccess {
    /// The user a command acts on: the named one, or the only one.
    static func selectUser(_ name: String?, in sealed: SealedVault) throws -> UserEntry {
        if let name, let i = sealed.users.firstIndex(named: name) { return sealed.users[i] }
        if name == nil, sealed.users.count == 1 { return sealed.users[0] }
        // Every other answer is an error: make sure it is not a damaged directory speaking.
        try sealed.verifyDirectory()
        if let name { throw IBKeyError.userNotFound(name: name, known: sealed.users.names) }
        if sealed.users.isEmpty { throw IBKeyError.noUsers }
        throw IBKeyError.usage("several users are enrolled (\(sealed.users.names.joined(separator: ", "))); choose one with --user NAME")
    }

    /// Refuses early (before asking for a PIN) when the vault is blocked.
    static func checkNotBlocked(_ sealed: SealedVault, _ kind: KeySlot.Kind = .pin) throws {
        if kind == .pin && sealed.failedPINAttempts >= VaultStore.maxAttempts { throw IBKeyError.vaultBlocked }
        if kind == .recovery && sealed.failedRecoveryAttempts >= VaultStore.maxAttempts { throw IBKeyError.recoveryBlocked }
    }

    static func monotonicSeconds() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }

    /// Times `body`, for the guessing estimate.
    static func timed<R>(_ body: () throws -> R) rethrows -> (R, Double) {
        let t0 = monotonicSeconds()
        let r = try body()
        return (r, monotonicSeconds() - t0)
    }

    /// DESIGN.md §5: when a PIN (or recovery PIN) is set, say how long offline
    /// guessing of a PIN of that length and alphabet would take at this KDF cost.
    static func adviseOnGuessing(_ pins: [(pin: SecureBytes, label: String)], level: KDFLevel, secondsPerGuess: Double) {
        let perGuess = secondsPerGuess < 0.01 ? String(Int((secondsPerGuess * 1e6).rounded())) + " µs"
                                              : String(Int((secondsPerGuess * 1000).rounded())) + " ms"
        for (pin, label) in pins {
            let e = PINPolicy.offlineGuessEstimate(pin, secondsPerGuess: secondsPerGuess)
            Console.note("note: your \(label) has \(e.length) characters from an alphabet of \(e.alphabet); "
                + "with this vault's KDF (\(level.rawValue), \(perGuess) per guess here) someone who copies the vault "
                + "needs up to \(PINPolicy.humanDuration(e.seconds)) on one core to try them all")
        }
        if level == .test { Console.warning("KDF level 'test' is for tests only: offline guessing is almost free") }
    }
}
