import ArgumentParser
import IBKeyCore

extension RecoveryPIN {
    struct Change: ParsableCommand, UsesSecrets {
        static let configuration = CommandConfiguration(
            commandName: "change",
            abstract: "Set a new recovery PIN (PIN + old recovery PIN + new recovery PIN).",
            discussion: """
            The PIN and the old recovery PIN are checked first, then the new recovery \
            PIN is asked for; it must differ from the old one and from the PIN, and \
            comes from the new-PIN sources (--new-pin-fd, \
            --new-pin-file, IBKEY_NEW_PIN or the prompt). The whole vault is sealed \
            again under a new data key, so the old recovery PIN opens nothing written \
            from now on, not even in an older copy of the vault.
            """
        )

        static let secrets: [SecretKind] = [.pin, .recoveryPIN, .newPIN]

        @OptionGroup var pins: BothPINsOptions
        @OptionGroup var newPIN: NewPINOptions

        func run() throws {
            let access = try VaultAccess(pins.vault)
            let hold = EchoHold() // from the PIN to the new recovery PIN's repeat
            defer { hold.end() }
            let (opened, old) = try access.unlockAndRelease(.both(pin: pins.pin.source, recovery: pins.recovery.source))
            let new = try newPIN.source.readNew(prompt: "New recovery PIN: ", label: "recovery PIN") { candidate in
                if let recovery = old.recovery, recovery.constantTimeEquals(candidate) {
                    throw UsageError("the new recovery PIN is the same as the old one")
                }
                try PINPolicy.check(candidate, kind: .recoveryPIN, other: old.pin)
            }
            hold.end()
            let seconds = try access.reseal(opened, pins: old, newRecoveryPIN: new)
            Console.note("recovery PIN changed")
            GuessingAdvice.show([(new, "recovery PIN")], level: access.sealed.kdfLevel, secondsPerGuess: seconds)
        }
    }
}
