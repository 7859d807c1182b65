import Foundation
import Testing

/// One code asked of an independent peer: a TOTP code at a time, or an HOTP
/// code at a counter (Fixtures/otp_code_peer.py's line; oathtool's options).
struct OTPPeerInput: Encodable {
    var hash: String
    var keyHex: String
    var digits: Int
    /// TOTP: the period; nil for HOTP.
    var period: Int?
    var time: Int64?
    var counter: UInt64?

    /// `TOTP-SHA256-8-60` or `HOTP-SHA1-6` at a time or a counter.
    init(suite: String, keyHex: String, time: Int64? = nil, counter: UInt64? = nil) {
        let parts = suite.split(separator: "-").map(String.init)
        hash = parts[1]; digits = Int(parts[2])!
        period = parts[0] == "TOTP" ? Int(parts[3])! : nil
        self.keyHex = keyHex; self.time = time; self.counter = counter
    }
}

extension Peers {
    /// Debian's `oathtool` (oath-toolkit), from `make test-deps`.
    static let oathtool: String? = ["/usr/bin/oathtool", "/usr/local/bin/oathtool"].first { FileManager.default.isExecutableFile(atPath: $0) }

    /// Whether PyPI `pyotp` imports.
    static let hasPyOTP: Bool = Sandbox().run(["-c", "import pyotp"], env: [:], executable: python).status == 0

    /// pyotp's code for each input (one Python process for all).
    static func pyotp(_ s: Sandbox, _ inputs: [OTPPeerInput], sourceLocation: SourceLocation = #_sourceLocation) -> [String] {
        let e = JSONEncoder()
        let lines = inputs.map { String(decoding: try! e.encode($0), as: UTF8.self) }
        let r = s.run([script("otp_code_peer")], env: ["TZ": "UTC"], stdin: lines.joined(separator: "\n") + "\n", executable: python)
        #expect(r.status == 0 && r.lines.count == inputs.count, "otp_code_peer.py: \(r.stderr)", sourceLocation: sourceLocation)
        for (line, input) in zip(r.lines, inputs) where line.hasPrefix("ERROR") {
            Issue.record("otp_code_peer.py: \(line) for \(input)", sourceLocation: sourceLocation)
        }
        return r.lines
    }

    /// oathtool's code for each input, e.g. `oathtool --totp=SHA256 -d 8 -s 60
    /// --now @T -` and `oathtool --hotp -c N -d 6 -` (the key on stdin, as
    /// its manual advises), all in one shell script. oathtool's HOTP is SHA-1 only.
    static func oathtool(_ s: Sandbox, _ inputs: [OTPPeerInput], sourceLocation: SourceLocation = #_sourceLocation) -> [String] {
        guard let tool = oathtool else { Issue.record("no oathtool", sourceLocation: sourceLocation); return [] }
        let commands = inputs.map { i -> String in
            let mode = i.period.map { "--totp=\(i.hash) -s \($0)s --now @\(i.time!)" } ?? "--hotp -c \(i.counter!)"
            return "printf '%s\\n' \(i.keyHex) | \(tool) \(mode) -d \(i.digits) - || echo ERROR"
        }
        let script = s.file("oathtool-\(UUID().uuidString).sh", commands.joined(separator: "\n") + "\n", mode: 0o700)
        let r = s.run([script], env: ["TZ": "UTC"], executable: "/bin/bash")
        #expect(r.status == 0 && r.lines.count == inputs.count, "oathtool: \(r.stderr)", sourceLocation: sourceLocation)
        for (line, input) in zip(r.lines, inputs) where line.hasPrefix("ERROR") {
            Issue.record("oathtool failed for \(input): \(r.stderr)", sourceLocation: sourceLocation)
        }
        return r.lines
    }
}
