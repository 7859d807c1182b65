import ArgumentParser
import IBKeyCore

extension PIN {
    struct Change: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "change",
            abstract: "Set a new PIN (old PIN + new PIN).",
            discussion: "Users of PIN suites keep answering with the PIN hash taken at their enrollment, so their responses still verify."
        )

        @OptionGroup var vault: VaultOptions
        @OptionGroup var pin: PINOptions
        @OptionGroup var newPIN: NewPINOptions

        func run() throws {
            let store = vault.store
            let sealed = try store.load()
            try sealed.checkNotBlocked(.pin)
            let old = try pin.source.read()
            let new = try newPIN.source.read(prompt: "New PIN: ", confirm: true)
            try PINPolicy.check(new, kind: .pin)
            var seconds = 0.0
            try store.exclusively {
                let unlocked = try store.unlock(.pin, pin: old)
                try PINPolicy.checkDiffersFromRecoveryPIN(new, in: try store.load())
                (_, seconds) = try VaultAccess.timed { try unlocked.rekey(.pin, pin: new) }
                try store.save(unlocked)
            }
            Console.note("PIN changed")
            GuessingAdvice.show([(new, "PIN")], level: sealed.kdfLevel, secondsPerGuess: seconds)
        }
    }
}
