import Foundation
import Testing
@testable import IBKeyCore

/// Tests/IBKeyCLITests/Fixtures/migration_link.py, the helper the CLI tests
/// will build migration links with, checked here against the reader (and the
/// reader against an encoder that shares no code with it).
@Suite("migration_link.py (the CLI tests' link builder)", .enabled(if: OTPPython.path != nil, "python3 is not installed"))
struct OTPMigrationScriptTests {
    typealias S = OTPTestSupport

    static func link(_ json: String, _ options: [String] = [], viaStdin: Bool = false) throws -> String {
        let r = try OTPPython.run([OTPPython.migrationScript] + options + (viaStdin ? [] : [json]), stdin: viaStdin ? json : "")
        #expect(r.status == 0, "migration_link.py: \(r.err)")
        return r.out.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    static let accounts = #"""
    {"accounts": [
      {"secret": "JBSWY3DPEHPK3PXP", "name": "Example:alice@google.com", "issuer": "Example", "algorithm": "SHA1", "digits": 6, "type": "totp"},
      {"secret_hex": "3132333435363738393031323334353637383930", "name": "bob", "algorithm": "SHA256", "digits": 8, "type": "hotp", "counter": 12},
      {"secret": "gezd gnbv gy3t qojq gezd gnbv gy3t qojq gezd gnbv gy3t qojq gezd gnbv gy3t qojq gezd gnbv gy3t qojq gezd gnbv gy3t qojq gezd gnbv gy3t qojq gezd gnbv gy3t qojq", "name": "École:jürgen 😀", "algorithm": "sha512", "type": "totp"},
      {"secret": "JBSWY3DPEHPK3PXP", "issuer": "Only Issuer", "type": 1}
    ], "version": 1, "batch_size": 3, "batch_index": 2, "batch_id": -7}
    """#

    func check(_ p: MigrationPayload) {
        #expect(p.accounts.map(\.suite.text) == ["TOTP-SHA1-6-30", "HOTP-SHA256-8", "TOTP-SHA512-6-30", "HOTP-SHA1-6"])
        #expect(p.accounts.map(\.name) == ["alice@google.com", "bob", "jürgen 😀", ""])
        #expect(p.accounts.map(\.issuer) == ["Example", nil, "École", "Only Issuer"])
        #expect(p.accounts.map(\.counter) == [nil, 12, nil, 0])
        #expect(p.accounts.map { S.hex($0.secret) } == ["48656c6c6f21deadbeef", "3132333435363738393031323334353637383930",
                                                         String(repeating: "31323334353637383930", count: 8), "48656c6c6f21deadbeef"])
        #expect(p.version == 1 && p.batchSize == 3 && p.batchIndex == 2 && p.batchID == -7)
    }

    @Test("its links read back as the accounts it was given, in every form it writes")
    func forms() throws {
        for options in [[], ["--url-safe"], ["--no-padding"], ["--plain"], ["--url-safe", "--no-padding", "--plain"]] {
            let link = try Self.link(Self.accounts, options)
            #expect(link.hasPrefix("otpauth-migration://offline?data="), "\(options)")
            check(try S.migration(link))
        }
        check(try S.migration(try Self.link(Self.accounts, viaStdin: true)))
        // A bare list of accounts is a payload without the batch fields.
        let p = try S.migration(try Self.link(#"[{"secret": "JBSWY3DPEHPK3PXP", "name": "a", "type": "totp"}]"#))
        #expect(p.accounts.count == 1 && p.version == 0 && p.batchSize == 0)
    }

    @Test("its payload bytes are the tests' own protobuf encoding, byte for byte")
    func sameBytes() throws {
        let hex = try Self.link(#"[{"secret_hex": "0102030405060708090a", "name": "n", "issuer": "i", "algorithm": "SHA512", "digits": 8, "type": "hotp", "counter": -1}]"#,
                                ["--payload-hex"])
        let minusOne = UInt64.max
        #expect(hex == Hex.encode(PB.account(secret: Array(1...10), name: "n", issuer: "i", algorithm: 3, digits: 2, type: 1, counter: minusOne)))
        #expect(S.refusal { _ = try MigrationPayload.decode(SecureBytes(copying: Hex.decode(hex)!)) }?.shape == "account 1: invalid counter")
    }

    @Test("the refusals it can provoke: MD5, type 0, a digit count of 3, a negative counter, no accounts")
    func refusals() throws {
        for (account, shape) in [(#""algorithm": "MD5", "type": "totp""#, "account 1: invalid algorithm"),
                                 (#""type": 0"#, "account 1: invalid type"), (#""type": "totp", "digits": {"enum": 3}"#, "account 1: invalid digits"),
                                 (#""type": "hotp", "counter": -5"#, "account 1: invalid counter")] {
            let link = try Self.link(#"[{"secret": "JBSWY3DPEHPK3PXP", "name": "a", \#(account)}]"#)
            #expect(S.refusal { _ = try S.migration(link) }?.shape == shape, "\(account)")
        }
        #expect(S.refusal { _ = try S.migration(try Self.link(#"{"accounts": [], "version": 1}"#)) }?.shape == "noAccounts")
    }
}

/// python3 for the cross-checks: found on PATH, as `make test` finds it.
enum OTPPython {
    static let path: String? = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
        .map { $0 + "/python3" }.first { FileManager.default.isExecutableFile(atPath: $0) }

    /// Whether PyPI `pyotp` imports (`python3 -m pip install pyotp`).
    static let hasPyOTP: Bool = path != nil && (try? run(["-c", "import pyotp"]))?.status == 0

    static let migrationScript = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("IBKeyCLITests/Fixtures/migration_link.py").path

    /// Runs python3 with `args`, feeding `stdin`; stdout and stderr are collected in files (no pipe to fill up).
    static func run(_ args: [String], stdin: String = "") throws -> (status: Int32, out: String, err: String) {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ibkey-otp-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let files = ["in", "out", "err"].map { dir.appendingPathComponent($0) }
        try Data(stdin.utf8).write(to: files[0])
        try Data().write(to: files[1])
        try Data().write(to: files[2])
        let p = Process()
        p.executableURL = URL(fileURLWithPath: path ?? "/usr/bin/python3")
        p.arguments = args
        p.standardInput = try FileHandle(forReadingFrom: files[0])
        p.standardOutput = try FileHandle(forWritingTo: files[1])
        p.standardError = try FileHandle(forWritingTo: files[2])
        try p.run()
        p.waitUntilExit()
        return (p.terminationStatus, try String(contentsOf: files[1], encoding: .utf8), try String(contentsOf: files[2], encoding: .utf8))
    }
}
