import ArgumentParser
import IBKeyCore

struct Remove: ParsableCommand, UsesSecrets {
    static let configuration = CommandConfiguration(commandName: "remove", abstract: "Remove one enrolled user (needs the PIN).")

    static let secrets: [SecretKind] = [.pin]

    @OptionGroup var who: VaultNameOptions

    var user: String { who.name }

    @OptionGroup var access: PINAccessOptions
    @OptionGroup var output: JSONOption

    func run() throws {
        let vault = try VaultAccess(access.vault)
        _ = try vault.sealed.user(named: user)
        try vault.withUnlocked(.pin(access.pin.source)) { unlocked, _ in
            unlocked.removeUser(at: try unlocked.userIndex(named: user))
            try vault.store.save(unlocked)
        }
        Console.note("removed '\(user)'")
        if output.json { Console.out(JSON.object([("removed", .string(user))]).rendered + "\n") }
    }
}
