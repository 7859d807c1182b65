#if canImport(Glibc)
import Glibc
#endif
import IBKeyCore

/// Steps several commands share: choosing the user, timing the KDF, sealing under a new PIN.
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

    /// Seals the vault again under a new PIN or a new recovery PIN (a new data key, see
    /// `UnlockedVault.rotated`) and saves it, all under the lock. The vault unlocked before the
    /// new PIN was typed is reused when the file has not changed since (`VaultStore.reopen`);
    /// otherwise `unlockAgain` opens it afresh, so a write made meanwhile is never lost.
    /// - Parameters:
    ///   - adjust: a last change to the new vault before it is saved (a reset unblocks the PIN).
    /// - Returns: the seconds the new slot took to seal, for the guessing estimate.
    static func reseal(_ store: VaultStore, opened: UnlockedVault, unlockAgain: () throws -> UnlockedVault,
                       newPIN: SecureBytes? = nil, newRecoveryPIN: SecureBytes? = nil,
                       adjust: (UnlockedVault) -> Void = { _ in }) throws -> Double {
        let what = newPIN != nil ? "PIN" : "recovery PIN"
        return try store.exclusively {
            let current = try store.reopen(opened) ?? unlockAgain()
            let (rotated, seconds) = try Busy.during("sealing the vault under the new \(what)") {
                try timed { try current.rotated(newPIN: newPIN, newRecoveryPIN: newRecoveryPIN) }
            }
            adjust(rotated)
            try store.save(rotated)
            return seconds
        }
    }
}
