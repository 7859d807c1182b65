import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Helpers shared by the import, export and suite cross-check tests: seeded
/// randomness, hex and base32 written here (not IBKeyCore's), the Python
/// peers (PyPI `oath` for OCRA, `python-pskc` for PSKC files), and the check
/// that a refused command left every file as it was.

/// SplitMix64 from a seed that every failure message shows; set
/// IBKEY_TEST_SEED to repeat a run.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64
    let seed: UInt64

    init(seed: UInt64 = SeededGenerator.seedFromEnvironment()) {
        self.seed = seed
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    static func seedFromEnvironment() -> UInt64 {
        if let s = ProcessInfo.processInfo.environment["IBKEY_TEST_SEED"], let v = UInt64(s) { return v }
        return UInt64.random(in: 0...UInt64.max)
    }

    mutating func bytes(_ n: Int) -> [UInt8] { (0..<n).map { _ in UInt8.random(in: 0...255, using: &self) } }
    mutating func element<T>(_ a: [T]) -> T { a[Int.random(in: 0..<a.count, using: &self)] }
    mutating func chance(_ p: Double) -> Bool { Double.random(in: 0..<1, using: &self) < p }
}

enum Coding {
    static func hex(_ bytes: [UInt8], uppercase: Bool = false) -> String {
        let digits = Array((uppercase ? "0123456789ABCDEF" : "0123456789abcdef").utf8)
        var out: [UInt8] = []
        for b in bytes { out.append(digits[Int(b >> 4)]); out.append(digits[Int(b & 15)]) }
        return String(decoding: out, as: UTF8.self)
    }

    static func bytes(hex: String) -> [UInt8] {
        let u = Array(hex.utf8)
        func v(_ c: UInt8) -> UInt8 { c <= 0x39 ? c - 0x30 : (c | 0x20) - 0x61 + 10 }
        return stride(from: 0, to: u.count - 1, by: 2).map { v(u[$0]) << 4 | v(u[$0 + 1]) }
    }

    /// RFC 4648 base32.
    static func base32(_ bytes: [UInt8], padded: Bool = true) -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".utf8)
        var out: [UInt8] = []
        var buffer = 0, bits = 0
        for b in bytes {
            buffer = buffer << 8 | Int(b); bits += 8
            while bits >= 5 { out.append(alphabet[(buffer >> (bits - 5)) & 31]); bits -= 5 }
        }
        if bits > 0 { out.append(alphabet[(buffer << (5 - bits)) & 31]) }
        if padded { while out.count % 8 != 0 { out.append(UInt8(ascii: "=")) } }
        return String(decoding: out, as: UTF8.self)
    }
}

extension Sandbox {
    /// Every file under the vault's data folder with its bytes (an empty
    /// dictionary when there is none): a refused command must leave it, temp
    /// files included, exactly as it was.
    func dataFolder() -> [String: [UInt8]] {
        let root = dir + "/data"
        var out: [String: [UInt8]] = [:]
        guard let e = FileManager.default.enumerator(atPath: root) else { return out }
        while let rel = e.nextObject() as? String {
            var isDir: ObjCBool = false
            let p = root + "/" + rel
            _ = FileManager.default.fileExists(atPath: p, isDirectory: &isDir)
            // A lock file holds the id of its last holder: its content changes
            // with every command, so only its existence counts.
            out[rel + (isDir.boolValue ? "/" : "")] = isDir.boolValue || rel.hasSuffix(".lock") ? [] : bytes(p)
        }
        return out
    }

    /// The file names in the sandbox's top folder, without the harness's own
    /// (.in.N, .out.N, .err.N, .fdN.N).
    func topLevelFiles() -> Set<String> {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []
        return Set(names.filter { !$0.hasPrefix(".in.") && !$0.hasPrefix(".out.") && !$0.hasPrefix(".err.") && !$0.hasPrefix(".fd") })
    }

    /// The users `users --json` lists, in order: name → suite.
    func users() -> [(name: String, suite: String)] {
        let r = run(["users", "--json"])
        let users = json(r.stdout) as? [[String: Any]] ?? []
        return users.map { ($0["name"] as? String ?? "", $0["suite"] as? String ?? "") }
    }

    /// The names `users --json` lists, in order.
    func userNames() -> [String] { users().map(\.name) }
}

/// Runs a command that must be refused: the documented exit code, nothing on
/// stdout, exactly one `ibkey: error:` line (then at most one `hint:` line),
/// no secret echoed, and the vault's folder byte for byte as it was (no temp
/// file, no vault created).
@discardableResult
func expectRefused(_ s: Sandbox, _ args: [String], env: [String: String]? = nil, stdin: String? = nil, fds: [Int32: String] = [:],
                   status: Int32, or alternative: Int32? = nil, contains: String? = nil, secrets: [String] = [],
                   sourceLocation: SourceLocation = #_sourceLocation) -> Run {
    let before = s.dataFolder()
    let r = s.run(args, env: env ?? s.secrets, stdin: stdin, fds: fds)
    let lines = r.stderr.split(separator: "\n", omittingEmptySubsequences: false).map(String.init).filter { !$0.isEmpty }
    #expect(r.status == status || r.status == alternative,
            "\(args): exit \(r.status), wanted \(status)\(alternative.map { " or \($0)" } ?? ""): \(r.stderr)", sourceLocation: sourceLocation)
    #expect(r.stdout.isEmpty, "\(args): stdout \(r.stdout)", sourceLocation: sourceLocation)
    #expect(lines.first?.hasPrefix("ibkey: error: ") == true && lines.filter { $0.hasPrefix("ibkey: error: ") }.count == 1
            && (lines.count == 1 || (lines.count == 2 && lines[1].hasPrefix("hint: "))),
            "\(args): stderr is not one error line (and a hint): \(r.stderr)", sourceLocation: sourceLocation)
    if let contains { #expect(r.stderr.contains(contains), "\(args): '\(contains)' not in \(r.stderr)", sourceLocation: sourceLocation) }
    for secret in secrets where !secret.isEmpty {
        #expect(!r.stderr.contains(secret), "\(args): stderr shows a secret: \(r.stderr)", sourceLocation: sourceLocation)
    }
    #expect(s.dataFolder() == before, "\(args) changed the vault's folder", sourceLocation: sourceLocation)
    return r
}

/// The parts of an OCRA suite a test needs to feed `respond`.
struct SuiteShape {
    let suite: String
    var format: Character = "N"
    var length = 8
    var counter = false
    var pinHash: String?
    var session: Int?
    var step = false

    init(_ suite: String) {
        self.suite = suite
        let input = suite.split(separator: ":").last.map(String.init) ?? ""
        for item in input.split(separator: "-") {
            switch item.first {
            case "C": counter = true
            case "Q": format = item.dropFirst().first ?? "N"; length = Int(item.dropFirst(2)) ?? 8
            case "P": pinHash = String(item.dropFirst())
            case "S": session = Int(item.dropFirst()) ?? 64
            case "T": step = true
            default: break
            }
        }
    }

    /// A challenge `respond` takes on its command line: N and H exactly xx
    /// characters, A 4 to xx printable ASCII (not starting with '-').
    func challenge(using g: inout SeededGenerator) -> String {
        switch format {
        case "N": return String((0..<length).map { _ in g.element(Array("0123456789")) })
        case "H": return String((0..<length).map { _ in g.element(Array("0123456789abcdef")) })
        default:
            var chars = (0..<Int.random(in: 4...length, using: &g)).map { _ in Character(Unicode.Scalar(UInt8.random(in: 0x21...0x7E, using: &g))) }
            if chars[0] == "-" { chars[0] = "q" }
            return String(chars)
        }
    }
}

/// A user a test put into a vault, with what an independent OCRA needs.
struct KnownUser {
    var name: String
    var suite: String
    var keyHex: String
    /// The next counter (counter suites).
    var counter: UInt64?
    /// The PIN text of P, or P itself.
    var pin: String?
    var pinHashHex: String?
}

/// One `respond` call: the user, its challenge and session.
struct Probe {
    var user: KnownUser
    var challenge: String
    var session: String?
}

enum Probes {
    static func make(_ users: [KnownUser], using g: inout SeededGenerator) -> [Probe] {
        users.map { u in
            let shape = SuiteShape(u.suite)
            let session = shape.session.map { n in String((0..<Int.random(in: 1...n, using: &g)).map { _ in g.element(Array("abcdefXYZ0189")) }) }
            return Probe(user: u, challenge: shape.challenge(using: &g), session: session)
        }
    }

    /// ibkey's answer to each probe (one `respond` each), at Unix time `now`
    /// (`--at`, given to the suites with T: the others refuse it).
    static func answers(_ s: Sandbox, _ probes: [Probe], now: Int64 = 1_767_225_600,
                        sourceLocation: SourceLocation = #_sourceLocation) -> [String] {
        probes.map { p in
            let at = SuiteShape(p.user.suite).step ? ["--at", String(now)] : []
            let r = s.run(["respond", "--user", p.user.name] + at + (p.session.map { ["--session", $0] } ?? []) + [p.challenge],
                          env: ["IBKEY_PIN": Fixture.pin])
            #expect(r.status == 0, "respond \(p.user.name) (\(p.user.suite)) '\(p.challenge)': \(r.stderr)", sourceLocation: sourceLocation)
            return r.out
        }
    }

    /// oath's answer to each probe, the counter being each user's `counter`.
    static func oath(_ s: Sandbox, _ probes: [Probe], now: Int64 = 1_767_225_600,
                     sourceLocation: SourceLocation = #_sourceLocation) -> [String] {
        Peers.oath(s, probes.map { p in
            let shape = SuiteShape(p.user.suite)
            return OathInput(suite: p.user.suite, keyHex: p.user.keyHex, counter: shape.counter ? (p.user.counter ?? 0) : nil,
                             question: p.challenge, pin: shape.pinHash == nil ? nil : p.user.pin,
                             pinHashHex: shape.pinHash == nil ? nil : p.user.pinHashHex,
                             session: p.session, time: shape.step ? now : nil)
        }, sourceLocation: sourceLocation)
    }
}
