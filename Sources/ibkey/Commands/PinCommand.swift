import ArgumentParser

struct PinCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pin",
        abstract: "Change the PIN, or reset a forgotten or blocked PIN with the recovery PIN.",
        subcommands: [PinChange.self, PinReset.self]
    )
}
