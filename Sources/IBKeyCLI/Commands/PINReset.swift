import ArgumentParser
import IBKeyCore

extension PIN {
    struct Reset: ParsableCommand, UsesSecrets {
        static let configuration = CommandConfiguration(
            commandName: "reset",
            abstract: "Forgotten or blocked PIN: recovery PIN + new PIN. Unblocks the vault.",
            discussion: """
            The recovery PIN is checked first, then the new PIN is asked for. The \
            whole vault is sealed again under a new data key, so the forgotten PIN \
            opens nothing written from now on, not even in an older copy of the vault.
            """
        )

        static let secrets: [SecretKind] = [.recoveryPIN, .newPIN]

        @OptionGroup var vault: VaultOptions
        @OptionGroup var pins: RecoveryToNewPINOptions

        func run() throws {
            let store = vault.store
            let sealed = try store.load()
            try sealed.checkNotBlocked(.recoveryPIN)
            let rec = try pins.recovery.source.read()
            let unlock = { try Busy.during("unlocking") { try store.unlock(.recoveryPIN, pin: rec) } }
            let opened = try store.exclusively(unlock)
            let new = try pins.newPIN.source.readNew(prompt: "New PIN: ", label: "PIN") { candidate in
                try PINPolicy.check(candidate, kind: .pin, other: rec)
            }
            let seconds = try VaultAccess.reseal(store, opened: opened, unlockAgain: unlock,
                                                 newPIN: new, adjust: { $0.failedPINAttempts = 0 })
            Console.note("PIN reset; the vault is unblocked")
            GuessingAdvice.show([(new, "PIN")], level: sealed.kdfLevel, secondsPerGuess: seconds)
        }
    }
}
