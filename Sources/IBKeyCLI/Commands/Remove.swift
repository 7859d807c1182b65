import ArgumentParser
import IBKeyCore

struct Remove: ParsableCommand, UsesSecrets {
    static let configuration = CommandConfiguration(commandName: "remove", abstract: "Remove one enrolled user (needs the PIN).")

    static let secrets: [SecretKind] = [.pin]

    @Option(name: .long, help: "The user to remove.", completion: Completions.vaultUsers)
    var user: String

    @OptionGroup var access: PINAccessOptions
    @OptionGroup var output: JSONOption

    func run() throws {
        let store = access.vault.store
        let sealed = try store.load()
        _ = try VaultAccess.selectUser(user, in: sealed)
        try sealed.checkNotBlocked(.pin)
        let pinValue = try access.pin.source.read()
        try store.exclusively {
            let unlocked = try Busy.during("unlocking") { try store.unlock(.pin, pin: pinValue) }
            guard let i = unlocked.index(of: user) else {
                throw IBKeyError.userNotFound(name: user, known: unlocked.users.map(\.name))
            }
            unlocked.removeUser(at: i)
            try store.save(unlocked)
        }
        Console.note("removed '\(user)'")
        if output.json { Console.out(JSON.object([("removed", .string(user))]).rendered + "\n") }
    }
}
