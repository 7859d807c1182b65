import IBKeyCore

/// The one road into the vault (Docs/ARCHITECTURE.md, "Opening the vault"):
/// read the file once, without a key, and check what can be checked (the
/// user, the block); read the PINs; then, under the lock, unlock — each wrong
/// PIN counted on disk — and run the command's work. Every command that needs
/// a PIN comes through here, so that none can get the order wrong.
struct VaultAccess {
    /// The vault file and its lock.
    let store: VaultStore
    /// The vault as read before any PIN was asked for.
    let sealed: SealedVault

    /// Reads the vault at `options`' path.
    /// - Parameter verification: `.header` for `respond` (its cost must not
    ///   grow with the number of users), `.full` for everything else.
    init(_ options: VaultOptions, verification: VaultVerification = .full) throws {
        try self.init(store: options.store, verification: verification)
    }

    /// Reads the vault of `store`.
    init(store: VaultStore, verification: VaultVerification = .full) throws {
        self.store = store
        sealed = try store.load(verification)
    }

    /// The PINs a command opens the vault with, and where each comes from.
    enum Key {
        /// The PIN alone: `respond`, `remove`, `pin change`.
        case pin(SecretSource)
        /// The recovery PIN alone: `pin reset`.
        case recoveryPIN(SecretSource)
        /// Both: adding users, backups, exports, a recovery-PIN change.
        case both(pin: SecretSource, recovery: SecretSource)
    }

    /// The PINs as read, for what a command does with them after unlocking
    /// (a new slot made from the recovery PIN, the guessing advice).
    struct PINs {
        let pin: SecureBytes?
        let recovery: SecureBytes?
    }

    /// Refuses a blocked PIN, reads the PINs `key` needs, then, under the
    /// lock, unlocks the vault as it is now and runs `body` (which saves what
    /// it changes, before the lock is released).
    /// - Parameters:
    ///   - key: which PINs, from which sources.
    ///   - verification: how much of the file to check on the locked read.
    ///   - body: the command's work on the unlocked vault.
    /// - Returns: what `body` returns.
    func withUnlocked<R>(_ key: Key, verification: VaultVerification = .full,
                         _ body: (UnlockedVault, PINs) throws -> R) throws -> R {
        let hold = EchoHold() // from the first PIN typed until the vault is open
        defer { hold.end() }
        let pins = try read(key)
        return try store.exclusively {
            let vault = try Busy.during("unlocking") { try unlock(pins, verification: verification) }
            hold.end() // the command's work reads with typing shown (a batch's challenges)
            return try body(vault, pins)
        }
    }

    /// Checks that the PINs of `key` are not blocked, then reads them.
    func read(_ key: Key, recoveryPrompt: String? = nil) throws -> PINs {
        switch key {
        case .pin(let source):
            try sealed.checkNotBlocked(.pin)
            return PINs(pin: try source.read(), recovery: nil)
        case .recoveryPIN(let source):
            try sealed.checkNotBlocked(.recoveryPIN)
            return PINs(pin: nil, recovery: try source.read(prompt: recoveryPrompt))
        case .both(let pin, let recovery):
            try sealed.checkNotBlocked(.pin)
            try sealed.checkNotBlocked(.recoveryPIN)
            return PINs(pin: try pin.read(), recovery: try recovery.read(prompt: recoveryPrompt))
        }
    }

    /// Unlocks the vault on disk with the PINs read; call under the lock.
    func unlock(_ pins: PINs, verification: VaultVerification = .full) throws -> UnlockedVault {
        switch (pins.pin, pins.recovery) {
        case (let pin?, let recovery?): return try store.unlock(pin: pin, recoveryPIN: recovery)
        case (let pin?, nil): return try store.unlock(.pin, pin: pin, verification: verification)
        case (nil, let recovery?): return try store.unlock(.recoveryPIN, pin: recovery, verification: verification)
        case (nil, nil): throw IBKeyError.internalError("no PIN to unlock with")
        }
    }

    /// Unlocks under the lock and releases it: for commands that ask for a
    /// new secret after checking the old one (a person types it meanwhile).
    /// `reseal` then locks again.
    func unlockAndRelease(_ key: Key, recoveryPrompt: String? = nil) throws -> (UnlockedVault, PINs) {
        let hold = EchoHold()
        defer { hold.end() }
        let pins = try read(key, recoveryPrompt: recoveryPrompt)
        let vault = try store.exclusively { try Busy.during("unlocking") { try unlock(pins) } }
        return (vault, pins)
    }

    /// Seals the vault again under a new PIN or a new recovery PIN (a new
    /// data key, see `UnlockedVault.rotated`) and saves it, under the lock.
    /// The vault unlocked before the new PIN was typed is reused when the
    /// file has not changed since (`VaultStore.reopen`); otherwise it is
    /// unlocked afresh with the same PINs, so a write made meanwhile is never lost.
    /// - Parameters:
    ///   - adjust: a last change to the new vault before it is saved (a reset unblocks the PIN).
    /// - Returns: the seconds the new slot took to seal, for the guessing estimate.
    func reseal(_ opened: UnlockedVault, pins: PINs, newPIN: SecureBytes? = nil, newRecoveryPIN: SecureBytes? = nil,
                adjust: (UnlockedVault) -> Void = { _ in }) throws -> Double {
        let what = newPIN != nil ? "PIN" : "recovery PIN"
        return try store.exclusively {
            let current = try store.reopen(opened) ?? Busy.during("unlocking") { try unlock(pins) }
            let (rotated, seconds) = try Busy.during("sealing the vault under the new \(what)") {
                try Stopwatch.timed { try current.rotated(newPIN: newPIN, newRecoveryPIN: newRecoveryPIN) }
            }
            adjust(rotated)
            try store.save(rotated)
            return seconds
        }
    }
}
