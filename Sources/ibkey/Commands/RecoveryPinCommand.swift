import ArgumentParser

struct RecoveryPinCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "recovery-pin",
        abstract: "Change the recovery PIN.",
        subcommands: [RecoveryPinChange.self]
    )
}
