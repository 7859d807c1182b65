import ArgumentParser
import IBKeyCore

extension PIN {
    struct Reset: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "reset",
            abstract: "Forgotten or blocked PIN: recovery PIN + new PIN. Unblocks the vault."
        )

        @OptionGroup var vault: VaultOptions
        @OptionGroup var recovery: RecoveryPINOptions
        @OptionGroup var newPIN: NewPINOptions

        func run() throws {
            let store = vault.store
            let sealed = try store.load()
            try sealed.checkNotBlocked(.recoveryPIN)
            let rec = try recovery.source.read()
            let new = try newPIN.source.read(prompt: "New PIN: ", confirm: true)
            try PINPolicy.check(new, kind: .pin, other: rec)
            var seconds = 0.0
            try store.exclusively {
                let unlocked = try store.unlock(.recoveryPIN, pin: rec)
                (_, seconds) = try VaultAccess.timed { try unlocked.rekey(.pin, pin: new) }
                unlocked.failedPINAttempts = 0
                try store.save(unlocked)
            }
            Console.note("PIN reset; the vault is unblocked")
            GuessingAdvice.show([(new, "PIN")], level: sealed.kdfLevel, secondsPerGuess: seconds)
        }
    }
}
