import ArgumentParser
import IBKeyCore

struct Reset: ParsableCommand {
    static let configuration = CommandConfiguration(
        // Explicit: otherwise the parser derives it with String(describing:) at every start.
        commandName: "reset",
        abstract: "Delete the vault and every user in it.",
        discussion: "Asks for confirmation on a terminal; scripts pass --yes. This cannot be undone except from a backup."
    )

    @Flag(name: .long, help: "Do not ask for confirmation.")
    var yes = false

    @OptionGroup var vault: VaultOptions

    func run() throws {
        let store = try vault.store
        guard store.exists else { throw IBKeyError.vaultNotFound(path: store.path) }
        if !yes {
            guard let tty = Terminal.open() else {
                throw UsageError("refusing to delete the vault without confirmation", hint: "pass --yes")
            }
            let count = (try? store.load().users.count).map { "\($0) user\($0 == 1 ? "" : "s")" } ?? "its users"
            let answer = try tty.readLine(prompt: "Delete the vault \(store.path) with \(count)? Type 'yes': ", echo: true)
            guard answer.withBytes({ String(decoding: $0, as: UTF8.self) }) == "yes" else {
                throw UsageError("not confirmed; nothing was deleted")
            }
        }
        try store.exclusively { try AtomicFile.remove(store.path) }
        try? AtomicFile.remove(store.path + ".lock")
        Console.note("deleted \(store.path)")
    }
}
