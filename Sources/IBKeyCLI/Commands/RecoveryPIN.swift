import ArgumentParser

struct RecoveryPIN: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "recovery-pin",
        abstract: "Change the recovery PIN.",
        subcommands: [Change.self]
    )
}
