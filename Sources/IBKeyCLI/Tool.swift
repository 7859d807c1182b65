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
            var command = try IBKey.parseAsRoot(Array(arguments.dropFirst()))
            EnvironmentSecrets.keepOnly((type(of: command) as? UsesSecrets.Type)?.secrets ?? [])
            try command.run()
            return ExitStatus.success.rawValue
        } catch let error as IBKeyError {
            Console.error(error.cliMessage, hint: error.hint)
            return ExitStatus(error).rawValue
        } catch let error as UsageError {
            Console.error(error.message, hint: error.hint)
            return ExitStatus.usage.rawValue
        } catch is ReportedUsageErrors {
            return ExitStatus.usage.rawValue
        } catch {
            if IBKey.exitCode(for: error) == .success { // --help, --version
                Console.out(IBKey.fullMessage(for: error) + "\n")
                return ExitStatus.success.rawValue
            }
            // Everything ArgumentParser refuses is a usage error: one line and a hint.
            let usage = ParserMessage.usageError(for: error, arguments: Array(arguments.dropFirst()))
            Console.error(usage.message, hint: usage.hint)
            return ExitStatus.usage.rawValue
        }
    }
}
