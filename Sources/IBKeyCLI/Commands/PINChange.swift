import ArgumentParser
import IBKeyCore

extension PIN {
    struct Change: ParsableCommand, UsesSecrets {
        static let configuration = CommandConfiguration(
            commandName: "change",
            abstract: "Set a new PIN (old PIN + new PIN).",
            discussion: """
            The old PIN is checked first, then the new one is asked for; it must \
            differ from the old one. The whole \
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
            let access = try VaultAccess(pins.vault)
            // A recovery slot from before format 3 cannot follow a new data key
            // without the recovery PIN: asked once, to upgrade it.
            let key: VaultAccess.Key = access.sealed.recoverySlotNeedsUpgrade
                ? .both(pin: pins.pin.source, recovery: pins.recovery.source) : .pin(pins.pin.source)
            let hold = EchoHold() // from the PIN to the new PIN's repeat, through the unlocking
            defer { hold.end() }
            // Unlock first: a wrong PIN is said before anything new is asked for.
            let (opened, old) = try access.unlockAndRelease(key, recoveryPrompt: "Recovery PIN (needed once, to upgrade this vault): ")
            // Not checked against the recovery PIN, which is not known here:
            // trying it on the recovery slot would be a guess at it that no
            // counter sees (Docs/THREAT-MODEL.md, "PIN rules").
            let new = try newPIN.source.readNew(prompt: "New PIN: ", label: "PIN") { candidate in
                if let pin = old.pin, pin.constantTimeEquals(candidate) { throw UsageError("the new PIN is the same as the old one") }
                try PINPolicy.check(candidate, kind: .pin)
            }
            hold.end()
            let seconds = try access.reseal(opened, pins: old, newPIN: new)
            Console.note("PIN changed")
            GuessingAdvice.show([(new, "PIN")], level: access.sealed.kdfLevel, secondsPerGuess: seconds)
        }
    }
}
