import IBKeyCore

/// What `enroll` and `import` share: adding users creates the vault (new PIN
/// and recovery PIN, checked and, on a terminal, asked twice) or needs both
/// PINs of the existing one; the names are checked before any PIN is asked
/// for; and the vault is written once, under the lock.
struct UserAddition {
    let store: VaultStore
    /// The vault as it was before the PINs were read; nil when this creates it.
    let existing: VaultAccess?
    var creating: Bool { existing == nil }

    /// Loads the vault, if there is one, and refuses names already in it and
    /// blocked PINs before anything is asked.
    init(store: VaultStore, names: [String]) throws {
        self.store = store
        existing = store.exists ? try VaultAccess(store: store) : nil
        if let sealed = existing?.sealed {
            for name in names where sealed.users.firstIndex(named: name) != nil { throw IBKeyError.userExists(name) }
            try sealed.checkNotBlocked(.pin)
            try sealed.checkNotBlocked(.recoveryPIN)
        }
    }

    /// Refuses users of `suites` the vault has no room for (a count or a
    /// suite limit), before any PIN is asked and before anything is written:
    /// a refused first import leaves no folder or lock file behind.
    func checkRoom(for suites: [UserSuite]) throws {
        try VaultCapacity.check(existingSuites: existing?.sealed.users.map(\.suite) ?? [], adding: suites)
    }

    /// The PIN: a new one (checked against the PIN rules) for a new vault.
    func readPIN(_ options: PINOptions) throws -> SecureBytes {
        creating ? try options.source.readNew(prompt: "New PIN: ", label: "PIN") { try PINPolicy.check($0, kind: .pin) }
                 : try options.source.read()
    }

    /// The recovery PIN: a new one (checked, and not the PIN) for a new vault.
    func readRecoveryPIN(_ options: RecoveryPINOptions, pin: SecureBytes) throws -> SecureBytes {
        creating
            ? try options.source.readNew(prompt: "New recovery PIN: ", label: "recovery PIN", intro: Self.recoveryIntro) {
                try PINPolicy.check($0, kind: .recoveryPIN, other: pin)
            }
            : try options.source.read()
    }

    static let recoveryIntro = "The recovery PIN (4 to 6 characters) resets a forgotten PIN, adds users and opens backups; keep it apart from the PIN."

    /// Opens (or creates, at `kdf`) the vault under its lock, lets `add` add
    /// the users, and writes it once. Then says what was created. An existing
    /// vault is opened through `VaultAccess`, so a PIN typed wrong at the
    /// prompt is asked for again; `add` gets the PINs that opened it.
    /// - Parameters:
    ///   - options: where the PINs come from (a PIN typed wrong at the prompt is asked for there again).
    ///   - kdfGiven: whether `--kdf` was given (it only applies to a new vault).
    func commit(_ options: BothPINsOptions, pin: SecureBytes, recoveryPIN: SecureBytes, kdf: KDFLevel, kdfGiven: Bool,
                add: (UnlockedVault, VaultAccess.PINs) throws -> Void) throws {
        let typed = VaultAccess.PINs(pin: pin, recovery: recoveryPIN)
        var kdfSeconds: Double?
        if let existing {
            try existing.withUnlocked(.both(pin: options.pin.source, recovery: options.recovery.source), pins: typed) { vault, pins in
                try add(vault, pins)
                try store.save(vault)
            }
        } else {
            try store.exclusively {
                let unlocked: UnlockedVault
                if store.exists {
                    // Another command created the vault meanwhile: its PINs must be these.
                    unlocked = try Busy.during("unlocking") { try store.unlock(pin: pin, recoveryPIN: recoveryPIN) }
                } else {
                    let (v, seconds) = try Stopwatch.timed {
                        try Busy.during("creating the vault") { try UnlockedVault.create(level: kdf, pin: pin, recoveryPIN: recoveryPIN) }
                    }
                    unlocked = v
                    kdfSeconds = seconds / 2
                }
                try add(unlocked, typed)
                try store.save(unlocked)
            }
        }
        if let s = kdfSeconds {
            Console.note("created vault \(store.path)")
            GuessingAdvice.show([(pin, "PIN"), (recoveryPIN, "recovery PIN")], level: kdf, secondsPerGuess: s)
        } else if kdfGiven {
            Console.warning("--kdf applies when a vault is created; this vault keeps its own KDF cost")
        }
    }
}
