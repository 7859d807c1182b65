import ArgumentParser

/// `--json`: machine-readable output on stdout.
struct JSONOption: ParsableArguments {
    @Flag(name: .long, help: "Print machine-readable JSON on stdout.")
    var json = false
}
