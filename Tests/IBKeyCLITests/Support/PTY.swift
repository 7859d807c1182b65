import Foundation
import Testing

/// Runs ibkey on a pseudo-terminal (Fixtures/pty_session.py, Python's pty
/// module), as a person at a terminal would, and reads the screen.
enum PTY {
    static let python: String? = ["/usr/bin/python3", "/usr/local/bin/python3"].first { FileManager.default.isExecutableFile(atPath: $0) }

    struct Session {
        let ok: Bool
        let status: Int
        let screen: String
        /// Whether the terminal echoes input once ibkey has ended.
        let echo: Bool?
    }

    /// Steps: `["expect", text]`, `["send", text]`, `["sleep", seconds]`,
    /// `["stopped", ""]` (wait until ibkey is stopped, after Ctrl-Z), `["fg", ""]`,
    /// `["kill", PID]` (SIGKILL to another process).
    static func session(_ s: Sandbox, args: [String], steps: [[String]], env: [String: String] = [:],
                        executable: String = Binary.path) throws -> Session {
        let script = s.file("pty.json", String(decoding: try JSONSerialization.data(withJSONObject: [
            "args": args, "env": s.env.merging(["TERM": "dumb"]) { $1 }.merging(env) { $1 }, "steps": steps,
        ]), as: UTF8.self))
        let helper = try #require(Bundle.module.url(forResource: "pty_session", withExtension: "py", subdirectory: "Fixtures")).path
        let p = Process()
        p.executableURL = URL(fileURLWithPath: python!)
        p.arguments = [helper, executable, script]
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        let obj = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        return Session(ok: obj["ok"] as? Bool ?? false, status: obj["status"] as? Int ?? -1,
                       screen: obj["screen"] as? String ?? "", echo: obj["echo"] as? Bool)
    }
}
