import ArgumentParser
import IBKeyCore

/// The command-line program, as `Sources/ibkey/main.swift` runs it.
public enum Tool {
    /// Hardens the process, parses `arguments`, runs the command, and turns
    /// every failure into one message and one exit code (`ExitStatus`).
    public static func main(_ arguments: [String] = CommandLine.arguments) -> Int32 {
        ProcessHardening.apply()
        EnvironmentSecrets.captureAndScrub()
        // The helper `--copy` leaves behind to clear the clipboard (Clipboard.swift).
        if arguments.count == 2 && arguments[1] == Clipboard.clearerArgument { return Clipboard.runClearer() }
        do {
            // `--version` alone needs no parser either (scripts and the benchmark
            // of process start call it).
            if arguments.count == 2 && arguments[1] == "--version" {
                Console.out(IBKey.version + "\n")
                return ExitStatus.success.rawValue
            }
            // The plain forms of `respond` skip the generic parser (Respond+FastPath.swift).
            if let request = RespondRequest.fastParse(arguments, from: 1) {
                EnvironmentSecrets.keepOnlyPIN()
                try Respond.answer(request)
                return ExitStatus.success.rawValue
            }
            let words = Array(arguments.dropFirst())
            if let usage = Self.bareGroupUsage(words) {
                Console.err(usage)
                return ExitStatus.usage.rawValue
            }
            var command = try IBKey.parseAsRoot(Self.helpFirst(words))
            try Self.refuseVersionAfterCommand(command, words)
            EnvironmentSecrets.keepOnly((type(of: command) as? UsesSecrets.Type)?.secrets ?? [])
            try command.run()
            return ExitStatus.success.rawValue
        } catch let error as IBKeyError {
            Console.error(error.cliMessage, hint: error.hint)
            return ExitStatus(error).rawValue
        } catch let hinted as HintedError {
            Console.error(hinted.error.cliMessage, hint: hinted.hint)
            return ExitStatus(hinted.error).rawValue
        } catch let error as UsageError {
            Console.error(error.message, hint: error.hint)
            return ExitStatus.usage.rawValue
        } catch is ReportedUsageErrors {
            return ExitStatus.usage.rawValue
        } catch {
            if IBKey.exitCode(for: error) == .success { // --help, completion scripts
                Console.out(IBKey.fullMessage(for: error) + "\n")
                return ExitStatus.success.rawValue
            }
            // Everything ArgumentParser refuses is a usage error: one line and a hint.
            let usage = ParserMessage.usageError(for: error, arguments: Array(arguments.dropFirst()))
            Console.error(usage.message, hint: usage.hint)
            return ExitStatus.usage.rawValue
        }
    }

    /// For a bare `ibkey` or `ibkey issuer` (a command group and nothing
    /// else), its usage: shown on stderr with exit 2, since no command ran
    /// and no help was asked for.
    static func bareGroupUsage(_ words: [String]) -> String? {
        let named = CommandSuggestion.command(for: words)
        guard !named.type.configuration.subcommands.isEmpty, named.path == (["ibkey"] + words).joined(separator: " ") else { return nil }
        return IBKey.helpMessage(for: named.type) + "\n"
    }

    /// `--version` is the root's flag, but ArgumentParser takes a parent's
    /// flag after a subcommand too: `ibkey respond --version` would run
    /// `respond`. It is refused instead, pointing at `ibkey --version`.
    static func refuseVersionAfterCommand(_ command: ParsableCommand, _ words: [String]) throws {
        guard !(command is IBKey), words.prefix(while: { $0 != "--" }).contains("--version") else { return }
        throw UsageError("unknown option '--version' for '\(CommandSuggestion.command(for: words).path)'",
                         hint: "the version is 'ibkey --version'")
    }

    /// `ibkey -h respond` asks for respond's help, as `ibkey help respond`
    /// does; the parser would show the root's. The flag goes after the words.
    static func helpFirst(_ words: [String]) -> [String] {
        guard words.count > 1, words[0] == "-h" || words[0] == "--help" else { return words }
        return Array(words.dropFirst()) + [words[0]]
    }
}
