import Foundation
import Testing

/// Runs the `console` examples of the docs as written: every `$ ` command, in
/// order, in one sandbox per page, with `ibkey` the built binary; each output
/// line the page shows must appear, in that order, in what the command prints
/// (stdout and stderr together), on a terminal as the reader sees it: notes
/// such as `imported 'dana'` are only said there. Lines the page leaves out
/// (the guessing advice after a vault is created) are allowed.
@Suite("Examples in the docs run as shown")
struct DocExamplesTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// One `$ command` and the lines shown after it.
    struct Step {
        let command: String
        let expected: [String]
    }

    /// The steps of every ```console block of `page`.
    static func steps(of page: String) throws -> [Step] {
        let text = try String(contentsOf: root.appendingPathComponent(page), encoding: .utf8)
        var steps: [Step] = []
        var inConsole = false
        var command: String?
        var expected: [String] = []
        var continued = false
        func flush() {
            if let command { steps.append(Step(command: command, expected: expected)) }
            command = nil; expected = []
        }
        for line in text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            if line.hasPrefix("```") {
                if inConsole { flush() }
                inConsole = line == "```console"
                continue
            }
            guard inConsole else { continue }
            if continued, let c = command {
                command = c + "\n" + line
                continued = line.hasSuffix("\\")
            } else if line.hasPrefix("$ ") {
                flush()
                command = String(line.dropFirst(2))
                continued = line.hasSuffix("\\")
            } else if !line.isEmpty {
                expected.append(line)
            }
        }
        return steps
    }

    /// A sandbox with the PINs and export password in the environment.
    static func sandbox() -> Sandbox {
        let s = Sandbox()
        try? FileManager.default.createDirectory(atPath: s.path("Docs"), withIntermediateDirectories: true)
        try? FileManager.default.copyItem(atPath: root.appendingPathComponent("Docs/examples").path, toPath: s.path("Docs/examples"))
        s.env["IBKEY_PIN"] = Fixture.pin
        s.env["IBKEY_RECOVERY_PIN"] = Fixture.recovery
        s.env["IBKEY_EXPORT_PASSWORD"] = "moving day"
        s.env["IBKEY_IMPORT_PASSWORD"] = "moving day"
        return s
    }

    /// What runs before each command: `ibkey` as a shell function that runs
    /// the built binary, adding `--kdf test` to the commands that create a
    /// vault, so that examples written for people still run at test speed. (A
    /// function, not a wrapper script: a script written while other tests
    /// fork can fail to start with "Text file busy".)
    static let preamble = """
    exec 2>&1
    ibkey() {
      case "$1" in import|enroll) case " $* " in *" --kdf "*) ;; *) set -- "$@" --kdf test ;; esac ;; esac
      "\(Binary.path)" "$@"
    }

    """

    @Test("Docs/IMPORT.md", .enabled(if: PTY.python != nil), arguments: ["Docs/IMPORT.md"])
    func page(_ page: String) throws {
        let steps = try Self.steps(of: page)
        #expect(steps.count >= 8, "the page's examples were not found")
        let s = Self.sandbox()
        for step in steps {
            let r = try PTY.session(s, args: ["-c", Self.preamble + "cd \(s.dir) && " + step.command], steps: [], executable: "/bin/sh")
            // Lines as the screen shows them: the erased status line (`unlocking…`) is no line.
            let lines = r.screen.components(separatedBy: CharacterSet(charactersIn: "\r\n"))
                .filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
            let screen = lines.joined(separator: "\n")
            #expect(r.ok && r.status == 0, "\(step.command) → exit \(r.status): \(screen)")
            var rest = lines[...]
            for line in step.expected {
                guard let i = rest.firstIndex(of: line) else {
                    Issue.record("\(page): '\(step.command)' did not print '\(line)'; it printed:\n\(screen)")
                    break
                }
                rest = rest[(i + 1)...]
            }
        }
    }
}
