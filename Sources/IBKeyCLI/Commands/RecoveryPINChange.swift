import ArgumentParser
import IBKeyCore

extension RecoveryPIN {
    struct Change: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "change",
            abstract: "Set a new recovery PIN (PIN + old recovery PIN + new recovery PIN).",
            discussion: "The new recovery PIN comes from the new-PIN sources: --new-pin-fd, --new-pin-file, IBKEY_NEW_PIN or the prompt."
        )

        @OptionGroup var vault: VaultOptions
        @OptionGroup var pin: PINOptions
        @OptionGroup var recovery: RecoveryPINOptions
        @OptionGroup var newPIN: NewPINOptions

        func run() throws {
            let store = vault.store
            let sealed = try store.load()
            try sealed.checkNotBlocked(.pin)
            try sealed.checkNotBlocked(.recoveryPIN)
            let pinValue = try pin.source.read()
            let old = try recovery.source.read(prompt: "Recovery PIN: ")
            let new = try newPIN.source.read(prompt: "New recovery PIN: ", confirm: true)
            try PINPolicy.check(new, kind: .recoveryPIN, other: pinValue)
            var seconds = 0.0
            try store.exclusively {
                let unlocked = try store.unlock(pin: pinValue, recoveryPIN: old)
                (_, seconds) = try VaultAccess.timed { try unlocked.rekey(.recoveryPIN, pin: new) }
                try store.save(unlocked)
            }
            Console.note("recovery PIN changed")
            GuessingAdvice.show([(new, "recovery PIN")], level: sealed.kdfLevel, secondsPerGuess: seconds)
        }
    }
}
