import Foundation
import Testing
import IBKeyCore

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
