import Foundation
import Testing
import IBKeyCore

// The TOTP/HOTP peers: PyPI pyotp (Fixtures/otp_peer.py: a URI as it reads
// it, or a code from a key) and Debian's oathtool.

/// An otpauth URI as PyPI pyotp reads it (Fixtures/otp_peer.py), with its codes.
struct PyOTPAccount: Decodable {
    var type: String?
    var secretHex: String?
    var digest: String?
    var digits: Int?
    var interval: Int?
    var initialCount: UInt64?
    var issuer: String?
    var name: String?
    var atTimes: [String]?
    var atCounters: [String]?
    var error: String?
}

enum OTPPeer {
    private struct Request: Encodable {
        var uri: String
        var times: [Int64]
        var counters: [UInt64]
    }

    /// pyotp's reading of each URI and its codes at `times` (TOTP) or `counters` (HOTP), one Python process.
    static func read(_ s: Sandbox, _ uris: [String], times: [Int64] = [], counters: [UInt64] = [],
                     sourceLocation: SourceLocation = #_sourceLocation) -> [PyOTPAccount] {
        let lines = uris.map { String(decoding: try! JSONEncoder().encode(Request(uri: $0, times: times, counters: counters)), as: UTF8.self) }
        let r = s.run([Peers.script("otp_peer")], env: [:], stdin: lines.joined(separator: "\n") + "\n", executable: Peers.python)
        #expect(r.status == 0 && r.lines.count == uris.count, "otp_peer.py: \(r.stdout) \(r.stderr)", sourceLocation: sourceLocation)
        let d = JSONDecoder()
        d.keyDecodingStrategy = .convertFromSnakeCase
        return r.lines.map { (try? d.decode(PyOTPAccount.self, from: Data($0.utf8))) ?? PyOTPAccount(error: "undecodable: \($0)") }
    }

    /// The codes OTPGenerator gives for the key pyotp read, at the same times or counters.
    static func ownCodes(_ a: PyOTPAccount, suite: String, times: [Int64] = [], counters: [UInt64] = []) throws -> [String] {
        let gen = OTPGenerator(suite: try OTPSuite(suite), key: SecureBytes(copying: Coding.bytes(hex: a.secretHex ?? "")))
        return try times.map { try gen.code(at: $0) } + counters.map { gen.code(counter: $0) }
    }
}

/// A QR code as ibkey draws it on a terminal (`QRCode`: black on white,
/// two modules a character, the quiet zone), read back into modules, and
/// the modules `qrencode -8 -l M` (the same library, 8-bit mode, level M)
/// gives for a text: equal grids mean the drawing holds exactly that text.
enum TerminalQR {
    static let colours = "\u{1B}[30;47m"

    /// The modules of the first QR code on `screen` (rows top to bottom, true = dark).
    static func grid(_ screen: String) -> [[Bool]] {
        let rows = screen.replacingOccurrences(of: "\r", with: "").split(separator: "\n").map(String.init)
            .drop { !$0.hasPrefix(colours) }.prefix { $0.hasPrefix(colours) }
        var grid: [[Bool]] = []
        for row in rows {
            let cells = Array(row.dropFirst(colours.count).prefix { $0 != "\u{1B}" })
            grid.append(cells.map { $0 == "▀" || $0 == "█" })
            grid.append(cells.map { $0 == "▄" || $0 == "█" })
        }
        // An odd module count leaves a last half row of light modules.
        if let width = grid.first?.count, grid.count == width + 1, grid.last?.contains(true) == false { grid.removeLast() }
        return grid
    }

    /// `qrencode -8 -l M -m 4 -t ASCII` of `text`, as modules.
    static func expected(_ s: Sandbox, _ text: String) -> [[Bool]] {
        let r = s.run(["-8", "-l", "M", "-m", "4", "-t", "ASCII"], env: [:], stdin: text, executable: "/usr/bin/qrencode")
        return r.stdout.split(separator: "\n").filter { !$0.isEmpty }.map { line in
            stride(from: 0, to: line.count, by: 2).map { line[line.index(line.startIndex, offsetBy: $0)] == "#" }
        }
    }

    static var available: Bool { FileManager.default.isExecutableFile(atPath: "/usr/bin/qrencode") && PTY.python != nil }
}

/// One code asked of an independent peer: a TOTP code at a time, or an HOTP
/// code at a counter (Fixtures/otp_peer.py's line; oathtool's options).
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
        let r = s.run([script("otp_peer")], env: ["TZ": "UTC"], stdin: lines.joined(separator: "\n") + "\n", executable: python)
        #expect(r.status == 0 && r.lines.count == inputs.count, "otp_peer.py: \(r.stderr)", sourceLocation: sourceLocation)
        for (line, input) in zip(r.lines, inputs) where line.hasPrefix("ERROR") {
            Issue.record("otp_peer.py: \(line) for \(input)", sourceLocation: sourceLocation)
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
