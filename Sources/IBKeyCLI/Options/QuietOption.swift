import ArgumentParser

/// `--quiet`, `-q`: no notes, even on a terminal. Warnings and errors are
/// still said. Part of `VaultOptions` and `IssuerStoreOptions`, so every
/// command that can print a note takes it.
struct QuietOption: ParsableArguments {
    @Flag(name: .shortAndLong, help: "Print no notes (what was done, advice), even on a terminal; warnings and errors still print.")
    var quiet = false

    // Set while parsing, as ArgumentParser validates each option group: the
    // notes a command prints come from many places.
    func validate() throws {
        if quiet { Console.quiet = true }
    }
}
