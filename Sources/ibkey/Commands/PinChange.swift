import ArgumentParser
import IBKeyCore

struct PinChange: ParsableCommand {
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
        try VaultAccess.checkNotBlocked(sealed)
        let old = try pin.source.read()
        let new = try newPIN.source.read(prompt: "New PIN: ", confirm: true)
        try PINPolicy.check(new, kind: .pin)
        var seconds = 0.0
        try store.exclusively {
            let unlocked = try store.unlock(.pin, pin: old)
            try PinRules.checkDiffersFromRecovery(new, sealed: try store.load())
            (_, seconds) = try VaultAccess.timed { try unlocked.rekey(.pin, pin: new) }
            try store.save(unlocked)
        }
        Console.note("PIN changed")
        VaultAccess.adviseOnGuessing([(new, "PIN")], level: sealed.kdfLevel, secondsPerGuess: seconds)
    }
}

enum PinRules {
    /// The PIN and the recovery PIN must differ. The recovery PIN is not stored,
    /// so the check tries the new PIN on the recovery slot (not counted as a
    /// failed recovery attempt).
    static func checkDiffersFromRecovery(_ newPIN: SecureBytes, sealed: SealedVault) throws {
        if try sealed.unlock(.recovery, pin: newPIN) != nil {
            throw IBKeyError.weakPIN("the PIN must differ from the recovery PIN")
        }
    }

    static func checkDiffersFromPIN(_ newRecovery: SecureBytes, sealed: SealedVault) throws {
        if try sealed.unlock(.pin, pin: newRecovery) != nil {
            throw IBKeyError.weakPIN("recovery PIN must differ from the PIN")
        }
    }
}
