import ArgumentParser

struct PIN: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pin",
        abstract: "Change the PIN, or reset a forgotten or blocked PIN with the recovery PIN.",
        subcommands: [Change.self, Reset.self]
    )
}
