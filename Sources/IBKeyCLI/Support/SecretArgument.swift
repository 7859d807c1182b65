import IBKeyCore

/// A secret typed as an option's value (`--pin 1234`, `--secret=HEX`). No
/// option takes one: every user of the machine can read a process's
/// arguments (`ps`, /proc). Said before anything else the parser found (and
/// without the value), with the sources that do give the secret.
enum SecretArgument {
    /// The options people reach for, and the secret each would be.
    private static let misused: [(option: String, kind: SecretKind)] = [
        ("--pin", .pin), ("--recovery-pin", .recoveryPIN), ("--new-pin", .newPIN), ("--token-pin", .tokenPIN),
        ("--secret", .secret), ("--password", .importPassword),
    ]

    /// The error for the first such option in `arguments` (without the
    /// program name; nothing after `--` counts), or nil.
    static func error(for arguments: [String]) -> UsageError? {
        let (command, path) = CommandSuggestion.command(for: arguments)
        // An otpauth link (`import 'otpauth://totp/…?secret=…'`) is a secret
        // too, wherever it stands; never quoted, not even in part.
        if path.hasSuffix(" import"), arguments.contains(where: { word in
            let value = word.hasPrefix("-") ? word.split(separator: "=", maxSplits: 1).dropFirst().first.map(String.init) ?? "" : word
            return OTPAuthText.startsWithScheme(value.utf8.drop { $0 == 0x20 || $0 == 0x09 })
        }) {
            return UsageError("an otpauth link holds its secret; it never goes on the command line, where other users can read it (ps)",
                              hint: "save it in a file only you can read and give the file, pipe it to 'ibkey import -', or run 'ibkey import' with no FILE to paste it at the prompt")
        }
        for word in arguments.prefix(while: { $0 != "--" }) where word.hasPrefix("--") {
            let name = word.split(separator: "=", maxSplits: 1).first.map(String.init) ?? word
            guard var kind = misused.first(where: { $0.option == name })?.kind else { continue }
            // A command may have a flag of that name (no value): only `--name=VALUE` is then the mistake.
            if !word.contains("=") && CommandSuggestion.options(of: command).contains(name) { continue }
            if kind == .importPassword && path.hasSuffix(" export") { kind = .exportPassword }
            return UsageError("\(name) is not an option: a \(kind.label) never goes on the command line, where other users can read it (ps)",
                              hint: "give it with \(sources(of: kind, for: path)), or type it at the prompt")
        }
        return nil
    }

    /// Where `kind` comes from (Docs/README.md, "Secrets").
    private static func sources(of kind: SecretKind, for path: String) -> String {
        let x = kind.optionPrefix
        let env = kind == .importPassword && !path.hasSuffix(" import")
            ? "\(SecretKind.importPassword.envName) or \(SecretKind.exportPassword.envName)" : kind.envName
        return "--\(x)-fd N, --\(x)-file PATH, " + (kind == .pin ? "--pin-stdin, " : "") + env
    }
}
