import Foundation
import Testing

/// Replays the README's tour on a pseudo-terminal, command by command, as a
/// person would type it: prompts are answered, and every line the README
/// shows must appear, in order, on the screen. Values that differ on each run
/// (codes, the challenge, the response) are learnt from the screen the first
/// time the README shows them and put in place of the README's in later
/// commands; `…` in a README line stands for any text, `~` for the home folder.
@Suite("README tour")
struct ReadmeTourTests {
    static let pin = "482915", recovery = "k7#Rq"

    /// One `$ command` of the tour and the lines the README shows under it.
    struct Step {
        var command: String
        var shown: [String]
    }

    static func tour() throws -> [Step] {
        let text = try String(contentsOf: DocExamplesTests.root.appendingPathComponent("README.md"), encoding: .utf8)
        let block = try #require(text.components(separatedBy: "```console\n").dropFirst().first?.components(separatedBy: "```").first)
        var steps: [Step] = []
        for raw in block.split(separator: "\n").map(String.init) {
            let line = stripComment(raw)
            if line.hasPrefix("$ ") { steps.append(Step(command: String(line.dropFirst(2)), shown: [])) }
            else if !line.isEmpty { steps[steps.count - 1].shown.append(line) }
        }
        return steps
    }

    /// A line without its trailing `   # comment`.
    static func stripComment(_ s: String) -> String {
        guard let r = s.range(of: #"\s{2,}# .*$"#, options: .regularExpression) else { return s }
        return String(s[..<r.lowerBound])
    }

    /// A value alone on its line (a code, a challenge, a response): it differs
    /// on each run, so it is learnt rather than compared.
    static func isValue(_ shown: String) -> Bool {
        !shown.contains(" ") && !shown.hasSuffix(":") && !shown.contains(">")
    }

    /// Whether a screen line matches a README line (`…`: any text). A value
    /// matches any value of its shape: a letter or digit stands for any.
    static func matches(_ line: String, _ pattern: String) -> Bool {
        if isValue(pattern) {
            var regex = "^"
            for c in pattern {
                regex += c == "…" ? ".*" : (c.isLetter || c.isNumber) ? "[A-Za-z0-9]" : NSRegularExpression.escapedPattern(for: String(c))
            }
            return line.range(of: regex + "$", options: .regularExpression) != nil
        }
        return matchesText(line, pattern)
    }

    static func matchesText(_ line: String, _ pattern: String) -> Bool {
        let parts = pattern.components(separatedBy: "…")
        guard parts.count > 1 else { return line == pattern }
        guard line.hasPrefix(parts[0]), line.hasSuffix(parts.last!) else { return false }
        var rest = line.dropFirst(parts[0].count)
        for part in parts.dropFirst().dropLast() {
            guard let r = rest.range(of: part) else { return false }
            rest = rest[r.upperBound...]
        }
        return rest.count >= parts.last!.count
    }

    @Test("the tour runs as the README shows it", .enabled(if: PTY.python != nil))
    func tour() throws {
        let steps = try Self.tour()
        #expect(steps.count >= 7, "the tour was not found")
        let s = Sandbox()
        s.env["PATH"] = (Binary.path as NSString).deletingLastPathComponent + ":/usr/bin:/bin"
        // The default places, under the sandbox's home, as the README shows them.
        for name in ["XDG_DATA_HOME", "IBKEY_VAULT", "IBKEY_ISSUER_STORE"] { s.env.removeValue(forKey: name) }
        // The screenshot the tour imports: a QR code qrencode drew, readable by others as a download is.
        try FileManager.default.createDirectory(atPath: s.path("Pictures"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: DocExamplesTests.root.appendingPathComponent("Docs/examples/github-qr.png").path,
                                         toPath: s.path("Pictures/qr.png"))
        chmod(s.path("Pictures/qr.png"), 0o644)
        var learnt: [(doc: String, live: String)] = []
        func live(_ text: String) -> String { learnt.reduce(text) { $0.replacingOccurrences(of: $1.doc, with: $1.live) } }
        for step in steps {
            // Prompts shown under the command are answered in order.
            var script: [[String]] = []
            for line in step.shown {
                for (prompt, answer) in [("Activation code:", nil), ("New PIN:", Self.pin), ("Repeat PIN:", Self.pin), ("PIN:", Self.pin),
                                         ("New recovery PIN:", Self.recovery), ("Repeat recovery PIN:", Self.recovery),
                                         ("Recovery PIN:", Self.recovery)] as [(String, String?)]
                where line.hasPrefix(prompt) {
                    script.append(["expect", prompt + " "])
                    let typed = live(String(line.dropFirst(prompt.count))).trimmingCharacters(in: .whitespaces)
                    script.append(["send", (answer ?? typed) + "\n"])
                    break
                }
            }
            let run = try PTY.session(s, args: ["-c", DocExamplesTests.preamble + live(step.command)], steps: script, executable: "/bin/sh")
            #expect(run.status == 0, "'\(step.command)': \(run.screen)")
            let screen = run.screen.replacingOccurrences(of: s.dir, with: "~")
                .components(separatedBy: CharacterSet(charactersIn: "\r\n"))
                .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            var rest = screen[...]
            for shown in step.shown {
                // The tour runs with --kdf test (DocExamplesTests.preamble), as every
                // test does: where the README, written for people, says "moderate".
                let pattern = Self.isValue(shown) ? shown : live(shown).replacingOccurrences(of: "KDF (moderate,", with: "KDF (test,")
                guard let i = rest.firstIndex(where: { Self.matches($0, pattern) }) else {
                    Issue.record("'\(step.command)': the README shows '\(shown)'; the screen was:\n\(screen.joined(separator: "\n"))")
                    break
                }
                // A value alone on its line (a code, a challenge, a response) is learnt.
                if Self.isValue(shown) { learnt.append((shown, rest[i])) }
                rest = rest[(i + 1)...]
            }
        }
    }
}
