import ArgumentParser
#if canImport(Glibc)
import Glibc
#endif
import IBKeyCore

Hardening.apply()
EnvironmentSecrets.captureAndScrub()

/// Parses, runs, and turns every failure into one message and one exit code.
func runMain() -> Int32 {
    do {
        // The plain forms of `respond` skip the generic parser (RespondFastPath.swift).
        if let request = RespondRequest.fastParse(CommandLine.arguments, from: 1) {
            try RespondAction(request).run()
            return 0
        }
        var command = try IBKey.parseAsRoot()
        try command.run()
        return 0
    } catch let error as IBKeyError {
        Console.error(error.message, hint: error.hint)
        return ExitStatus(error).rawValue
    } catch let code as ExitCode {
        return code.rawValue
    } catch {
        let code = IBKey.exitCode(for: error)
        if code == .success {
            // --help, --version
            Console.out(IBKey.fullMessage(for: error) + "\n")
            return 0
        }
        if code.rawValue == 1 || code.rawValue == 70 { return code.rawValue }
        // Argument errors are usage errors: exit 2, one line and a pointer to --help.
        let message = IBKey.message(for: error)
        let first = message.split(separator: "\n").first.map(String.init) ?? message
        let lowered = first.prefix(1).lowercased() + first.dropFirst()
        Console.error(lowered, hint: "see 'ibkey help' or 'ibkey <command> --help'")
        return ExitStatus.usage.rawValue
    }
}

exit(runMain())
