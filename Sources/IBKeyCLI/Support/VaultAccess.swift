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
        /// The recovery PIN's prompt, when not the usual one (asked again the same way).
        var recoveryPrompt: String? = nil
    }

    /// Refuses a blocked PIN, reads the PINs `key` needs, then, under the
    /// lock, unlocks the vault as it is now and runs `body` (which saves what
    /// it changes, before the lock is released). A PIN typed at the prompt
    /// that turns out wrong is asked for again (`retyped`).
    /// - Parameters:
    ///   - key: which PINs, from which sources.
    ///   - verification: how much of the file to check on the locked read.
    ///   - body: the command's work on the unlocked vault.
    /// - Returns: what `body` returns.
    func withUnlocked<R>(_ key: Key, verification: VaultVerification = .full,
                         _ body: (UnlockedVault, PINs) throws -> R) throws -> R {
        let hold = EchoHold() // from the first PIN typed until the vault is open
        defer { hold.end() }
        return try withUnlocked(key, pins: try read(key), verification: verification, hold: hold, body)
    }

    /// As `withUnlocked(_:verification:_:)`, with PINs read already (adding
    /// users reads them, new or not, before it knows whether the vault exists).
    func withUnlocked<R>(_ key: Key, pins: PINs, verification: VaultVerification = .full,
                         _ body: (UnlockedVault, PINs) throws -> R) throws -> R {
        let hold = EchoHold()
        defer { hold.end() }
        return try withUnlocked(key, pins: pins, verification: verification, hold: hold, body)
    }

    /// The loop: unlock under the lock; a wrong PIN from the prompt is said,
    /// counted (by `VaultStore.unlock`, before it throws) and asked for again
    /// with the lock released, so another `ibkey` is not kept waiting while
    /// a person types. `body` runs with typing shown again.
    private func withUnlocked<R>(_ key: Key, pins first: PINs, verification: VaultVerification, hold: EchoHold,
                                 _ body: (UnlockedVault, PINs) throws -> R) throws -> R {
        var pins = first
        var typed = Tries()
        while true {
            let outcome: Attempt<R> = try store.exclusively {
                let vault: UnlockedVault
                do {
                    vault = try Busy.during("unlocking") { try unlock(pins, verification: verification) }
                } catch let error as IBKeyError where typed.mayAskAgain(after: error, key: key) {
                    return .askAgain(error)
                }
                hold.end()
                return .done(try body(vault, pins))
            }
            switch outcome {
            case .done(let result): return result
            case .askAgain(let wrong): pins = try retyped(after: wrong, key: key, pins: pins)
            }
        }
    }

    /// One pass of the loop. Not `Result<R, IBKeyError>`: making that type at
    /// run time checks `IBKeyError: Error`, a scan of every protocol
    /// conformance in the binary that cost `respond` ~0.3 ms of page faults
    /// at each start (Docs/PERFORMANCE.md).
    private enum Attempt<R> {
        case done(R)
        case askAgain(IBKeyError)
    }

    /// How many times each PIN was typed at the prompt: three tries each, as
    /// `sudo` gives, then the wrong PIN is the command's error (exit 3).
    private struct Tries {
        static let most = 3
        var pin = 1, recovery = 1

        /// Whether `error` is a wrong PIN that came from the prompt, with
        /// tries left and the vault not blocked by it; counts the try.
        mutating func mayAskAgain(after error: IBKeyError, key: Key) -> Bool {
            switch (error, key) {
            case (.wrongPIN(let left), .pin(let source)), (.wrongPIN(let left), .both(let source, _)):
                guard left > 0, source.isPrompt, pin < Self.most else { return false }
                pin += 1
                return true
            case (.wrongRecoveryPIN(let left), .recoveryPIN(let source)), (.wrongRecoveryPIN(let left), .both(_, let source)):
                guard left > 0, source.isPrompt, recovery < Self.most else { return false }
                recovery += 1
                return true
            default:
                return false
            }
        }
    }

    /// Says what was wrong, on the terminal, and asks again for that PIN.
    private func retyped(after wrong: IBKeyError, key: Key, pins: PINs) throws -> PINs {
        Terminal.open()?.write("ibkey: \(wrong.cliMessage); try again\n")
        switch (wrong, key) {
        case (.wrongPIN, .pin(let source)), (.wrongPIN, .both(let source, _)):
            return PINs(pin: try source.read(), recovery: pins.recovery)
        case (.wrongRecoveryPIN, .recoveryPIN(let source)), (.wrongRecoveryPIN, .both(_, let source)):
            return PINs(pin: pins.pin, recovery: try source.read(prompt: pins.recoveryPrompt))
        default:
            throw wrong
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
            return PINs(pin: nil, recovery: try source.read(prompt: recoveryPrompt), recoveryPrompt: recoveryPrompt)
        case .both(let pin, let recovery):
            try sealed.checkNotBlocked(.pin)
            try sealed.checkNotBlocked(.recoveryPIN)
            return PINs(pin: try pin.read(), recovery: try recovery.read(prompt: recoveryPrompt), recoveryPrompt: recoveryPrompt)
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
        return try withUnlocked(key, pins: try read(key, recoveryPrompt: recoveryPrompt), verification: .full, hold: hold) { ($0, $1) }
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
