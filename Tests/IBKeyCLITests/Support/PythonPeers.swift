import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// One line for Fixtures/ocra_check.py.
struct OathInput: Encodable {
    var suite: String
    var keyHex: String
    var counter: UInt64?
    var question: String?
    var pin: String?
    var pinHashHex: String?
    var session: String?
    var sessionHex: String?
    var time: Int64?
}

/// A key for Fixtures/pskc_tool.py write.
struct PSKCKeySpec: Encodable {
    var id: String
    var suite: String?
    var suiteInUri: Bool?
    var algorithm: String?
    var secretHex: String
    var counter: UInt64?
    var userid: String?
    var serial: String?
    var pin: String?
    // HOTP and TOTP keys (algorithm …:pskc:hotp or …:pskc:totp; `suite` is then the hash, "HMAC-SHA256").
    var responseLength: Int?
    var responseEncoding: String?
    var responseCheck: Bool?
    var timeInterval: Int?
    var timeOffset: Int?
    var issuer: String?
}

/// A file for Fixtures/pskc_tool.py write.
struct PSKCSpec: Encodable {
    var protection = "none"
    var password: String?
    var iterations: Int?
    var prf: String?
    var pskHex: String?
    var algorithm: String?
    var mac: String?
    var fields: [String]?
    var namespace: String?
    var keys: [PSKCKeySpec]
}

/// A key as python-pskc reads it (Fixtures/pskc_tool.py read).
struct PSKCReadKey: Decodable {
    var id: String?
    var algorithm: String?
    var suite: String?
    var secretHex: String?
    var counter: UInt64?
    var serial: String?
    var userid: String?
    var pinKeyId: String?
    var pinEncoding: String?
    var pinKeySecretHex: String?
    var macAlgorithm: String?
    var encryptionAlgorithm: String?
    var iterations: Int?
    var prf: String?
    var issuer: String?
    var timeOffset: Int?
    var timeInterval: Int?
    var responseLength: Int?
    var responseEncoding: String?
}

/// The independent peers, each run as its own Python process.
enum Peers {
    /// The interpreter behind `Python.path` (a pyenv shim costs ~0.1 s a start).
    static let python: String = {
        let s = Sandbox()
        let r = s.run(["-c", "import sys; print(sys.executable)"], env: [:], executable: Python.path)
        let p = r.out
        return r.status == 0 && FileManager.default.isExecutableFile(atPath: p) ? p : Python.path
    }()

    static func script(_ name: String) -> String {
        Bundle.module.url(forResource: name, withExtension: "py", subdirectory: "Fixtures")!.path
    }

    /// Tests/IBKeyCoreTests/Fixtures/pskc: RFC 6030 figures and files of other tools.
    static let pskcFixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("IBKeyCoreTests/Fixtures/pskc")

    static func fixture(_ relative: String) -> String { pskcFixtures.appendingPathComponent(relative).path }

    private static func encoder() -> JSONEncoder {
        let e = JSONEncoder()
        e.keyEncodingStrategy = .convertToSnakeCase
        e.outputFormatting = [.sortedKeys]
        return e
    }

    /// The responses PyPI oath gives, one per input, from ONE Python process.
    static func oath(_ s: Sandbox, _ inputs: [OathInput], sourceLocation: SourceLocation = #_sourceLocation) -> [String] {
        let e = encoder()
        let lines = inputs.map { String(decoding: try! e.encode($0), as: UTF8.self) }
        let r = s.run([script("ocra_check")], env: [:], stdin: lines.joined(separator: "\n") + "\n", executable: python)
        #expect(r.status == 0, "ocra_check.py: \(r.stderr)", sourceLocation: sourceLocation)
        #expect(r.lines.count == inputs.count, "ocra_check.py printed \(r.lines.count) lines for \(inputs.count): \(r.stderr)", sourceLocation: sourceLocation)
        for (line, input) in zip(r.lines, inputs) where line.hasPrefix("ERROR") {
            Issue.record("ocra_check.py: \(line) for \(input)", sourceLocation: sourceLocation)
        }
        return r.lines
    }

    /// Writes a PSKC file with python-pskc; returns its path (mode 0600).
    @discardableResult
    static func writePSKC(_ s: Sandbox, _ name: String, _ spec: PSKCSpec, sourceLocation: SourceLocation = #_sourceLocation) -> String {
        let path = s.path(name)
        let r = s.run([script("pskc_tool"), "write", path], env: [:],
                      stdin: String(decoding: try! encoder().encode(spec), as: UTF8.self), executable: python)
        #expect(r.status == 0, "pskc_tool.py write: \(r.stdout) \(r.stderr)", sourceLocation: sourceLocation)
        chmod(path, 0o600)
        return path
    }

    /// Every key python-pskc reads from `path` (ValueMACs checked), or the refusal it gives.
    static func readPSKC(_ s: Sandbox, _ path: String, password: String? = nil, psk: String? = nil) -> Result<[PSKCReadKey], PeerRefusal> {
        var args = [script("pskc_tool"), "read", path]
        if let password { args += ["--password", password] }
        if let psk { args += ["--psk", psk] }
        let r = s.run(args, env: [:], executable: python)
        guard r.status == 0 else { return .failure(PeerRefusal(message: r.stdout + r.stderr)) }
        let d = JSONDecoder()
        d.keyDecodingStrategy = .convertFromSnakeCase
        do {
            return .success(try r.lines.map { try d.decode(PSKCReadKey.self, from: Data($0.utf8)) })
        } catch {
            return .failure(PeerRefusal(message: "cannot decode \(r.stdout): \(error)"))
        }
    }
}

struct PeerRefusal: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}
