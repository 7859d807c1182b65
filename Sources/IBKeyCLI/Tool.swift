import ArgumentParser
import IBKeyCore

/// The command-line program, as `Sources/ibkey/main.swift` runs it.
public enum Tool {
    /// Hardens the process, parses `arguments`, runs the command, and turns
    /// every failure into one message and one exit code (`ExitStatus`).
    public static func main(_ arguments: [String] = CommandLine.arguments) -> Int32 {
        ProcessHardening.apply()
        EnvironmentSecrets.captureAndScrub()
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
            var command = try IBKey.parseAsRoot(Self.helpFirst(Array(arguments.dropFirst())))
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
            if IBKey.exitCode(for: error) == .success { // --help, or a command group with no command
                // Help asked for goes to stdout; a bare `ibkey` or `ibkey issuer`
                // did not ask, and gets its usage on stderr with exit 2.
                let asked = arguments.dropFirst().contains { $0 == "-h" || $0 == "--help" || $0 == "help" }
                (asked ? Console.out : Console.err)(IBKey.fullMessage(for: error) + "\n")
                return (asked ? ExitStatus.success : ExitStatus.usage).rawValue
            }
            // Everything ArgumentParser refuses is a usage error: one line and a hint.
            let usage = ParserMessage.usageError(for: error, arguments: Array(arguments.dropFirst()))
            Console.error(usage.message, hint: usage.hint)
            return ExitStatus.usage.rawValue
        }
    }

    /// `ibkey -h respond` asks for respond's help, as `ibkey help respond`
    /// does; the parser would show the root's. The flag goes after the words.
    static func helpFirst(_ words: [String]) -> [String] {
        guard words.count > 1, words[0] == "-h" || words[0] == "--help" else { return words }
        return Array(words.dropFirst()) + [words[0]]
    }
}
