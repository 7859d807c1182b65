import ArgumentParser
import IBKeyCore

extension PIN {
    struct Change: ParsableCommand, UsesSecrets {
        static let configuration = CommandConfiguration(
            commandName: "change",
            abstract: "Set a new PIN (old PIN + new PIN).",
            discussion: """
            The old PIN is checked first, then the new one is asked for. The whole \
            vault is sealed again under a new data key, so an older copy of the vault \
            (a backup, a synced folder) opens nothing written from now on. Users of \
            PIN suites keep answering with the P input fixed at their enrollment, so \
            their responses still verify.

            A vault made by ibkey 0.2 or earlier also needs the recovery PIN, once, \
            to move its recovery slot to the form that follows a new data key.
            """
        )

        static let secrets: [SecretKind] = [.pin, .newPIN, .recoveryPIN]

        @OptionGroup var pins: BothPINsOptions
        @OptionGroup var newPIN: NewPINOptions

        func run() throws {
            let store = pins.vault.store
            let sealed = try store.load()
            try sealed.checkNotBlocked(.pin)
            let needsRecovery = sealed.recoverySlotNeedsUpgrade
            if needsRecovery { try sealed.checkNotBlocked(.recoveryPIN) }
            let old = try pins.pin.source.read()
            let rec = needsRecovery ? try pins.recovery.source.read(prompt: "Recovery PIN (needed once, to upgrade this vault): ") : nil
            // Unlock first: a wrong PIN is said before anything new is asked for.
            let unlock = { () throws -> UnlockedVault in
                if let rec { return try Busy.during("unlocking") { try store.unlock(pin: old, recoveryPIN: rec) } }
                return try Busy.during("unlocking") { try store.unlock(.pin, pin: old) }
            }
            let opened = try store.exclusively(unlock)
            let new = try newPIN.source.readNew(prompt: "New PIN: ", label: "PIN") { candidate in
                try PINPolicy.check(candidate, kind: .pin)
                try PINPolicy.checkDiffersFromRecoveryPIN(candidate, in: sealed)
            }
            let seconds = try VaultAccess.reseal(store, opened: opened, unlockAgain: unlock, newPIN: new)
            Console.note("PIN changed")
            GuessingAdvice.show([(new, "PIN")], level: sealed.kdfLevel, secondsPerGuess: seconds)
        }
    }
}
