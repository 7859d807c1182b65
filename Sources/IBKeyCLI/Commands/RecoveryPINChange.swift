import ArgumentParser
import IBKeyCore

extension RecoveryPIN {
    struct Change: ParsableCommand, UsesSecrets {
        static let configuration = CommandConfiguration(
            commandName: "change",
            abstract: "Set a new recovery PIN (PIN + old recovery PIN + new recovery PIN).",
            discussion: """
            The PIN and the old recovery PIN are checked first, then the new recovery \
            PIN is asked for; it comes from the new-PIN sources (--new-pin-fd, \
            --new-pin-file, IBKEY_NEW_PIN or the prompt). The whole vault is sealed \
            again under a new data key, so the old recovery PIN opens nothing written \
            from now on, not even in an older copy of the vault.
            """
        )

        static let secrets: [SecretKind] = [.pin, .recoveryPIN, .newPIN]

        @OptionGroup var pins: BothPINsOptions
        @OptionGroup var newPIN: NewPINOptions

        func run() throws {
            let store = pins.vault.store
            let sealed = try store.load()
            try sealed.checkNotBlocked(.pin)
            try sealed.checkNotBlocked(.recoveryPIN)
            let pinValue = try pins.pin.source.read()
            let old = try pins.recovery.source.read()
            let unlock = { try Busy.during("unlocking") { try store.unlock(pin: pinValue, recoveryPIN: old) } }
            let opened = try store.exclusively(unlock)
            let new = try newPIN.source.readNew(prompt: "New recovery PIN: ", label: "recovery PIN") { candidate in
                try PINPolicy.check(candidate, kind: .recoveryPIN, other: pinValue)
            }
            let seconds = try VaultAccess.reseal(store, opened: opened, unlockAgain: unlock,
                                                 newRecoveryPIN: new)
            Console.note("recovery PIN changed")
            GuessingAdvice.show([(new, "recovery PIN")], level: sealed.kdfLevel, secondsPerGuess: seconds)
        }
    }
}
