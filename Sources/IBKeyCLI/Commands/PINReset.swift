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
            let access = try VaultAccess(vault)
            if access.sealed.recoverySlotIsUnproven { Console.warning(UnprovenFile.warning(.vault)) }
            let hold = EchoHold() // from the recovery PIN to the new PIN's repeat
            defer { hold.end() }
            let (opened, old) = try access.unlockAndRelease(.recoveryPIN(pins.recovery.source))
            let new = try pins.newPIN.source.readNew(prompt: "New PIN: ", label: "PIN") { candidate in
                try PINPolicy.check(candidate, kind: .pin, other: old.recovery)
            }
            hold.end()
            let seconds = try access.reseal(opened, pins: old, newPIN: new, adjust: { $0.failedPINAttempts = 0 })
            Console.note("PIN reset; the vault is unblocked")
            GuessingAdvice.show([(new, "PIN")], level: access.sealed.kdfLevel, secondsPerGuess: seconds)
        }
    }
}
