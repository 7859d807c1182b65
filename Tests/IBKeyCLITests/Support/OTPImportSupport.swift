import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// One TOTP or HOTP account as the independent writers take it
/// (Fixtures/otp_links.py for pyotp, Fixtures/migration_link.py), and as
/// the vault must hold it afterwards.
struct OTPSpec: Encodable {
    var type = "totp"
    var secretHex: String
    var name: String
    var issuer: String?
    var algorithm = "SHA1"
    var digits = 6
    var period = 30
    var counter: UInt64 = 0
    var extra: [String: String]?

    /// The suite `users` and the vault show: `TOTP-SHA1-6-30`, `HOTP-SHA256-8`.
    var suite: String { type == "totp" ? "TOTP-\(algorithm)-\(digits)-\(period)" : "HOTP-\(algorithm)-\(digits)" }
}

/// A user as Fixtures/vault_reader.py reads it back from the vault file
/// (Docs/VAULT.md, written without ibkey's code).
struct StoredUser: Decodable, Equatable {
    var name: String
    var suite: String
    var issuer: String?
    var counter: UInt64
    var keyHex: String
}

enum OTPPeers {
    private static func encoder() -> JSONEncoder {
        let e = JSONEncoder()
        e.keyEncodingStrategy = .convertToSnakeCase
        e.outputFormatting = [.sortedKeys]
        return e
    }

    /// The otpauth URI pyotp writes for each account, from ONE Python process.
    static func pyotpURIs(_ s: Sandbox, _ specs: [OTPSpec], sourceLocation: SourceLocation = #_sourceLocation) -> [String] {
        let r = s.run([Peers.script("otp_links")], env: [:], stdin: String(decoding: try! encoder().encode(specs), as: UTF8.self),
                      executable: Peers.python)
        #expect(r.status == 0 && r.lines.count == specs.count, "otp_links.py: \(r.stderr)", sourceLocation: sourceLocation)
        return r.lines
    }

    /// A Google Authenticator export link, built by Fixtures/migration_link.py
    /// from the published schema. Each account is written whole (every field,
    /// as the app does), unless `fields` says otherwise.
    static func migrationLink(_ s: Sandbox, _ specs: [OTPSpec], flags: [String] = [], sourceLocation: SourceLocation = #_sourceLocation) -> String {
        let accounts: [[String: Any]] = specs.map { a in
            var o: [String: Any] = ["secret_hex": a.secretHex, "name": a.issuer.map { "\($0):\(a.name)" } ?? a.name,
                                    "algorithm": a.algorithm, "digits": a.digits, "type": a.type]
            if let issuer = a.issuer { o["issuer"] = issuer }
            if a.type == "hotp" { o["counter"] = a.counter }
            return o
        }
        return migrationLink(s, raw: ["accounts": accounts, "version": 1, "batch_size": 1, "batch_index": 0, "batch_id": 7],
                             flags: flags, sourceLocation: sourceLocation)
    }

    /// A link from the script's own JSON (fields left out or out of range on purpose).
    static func migrationLink(_ s: Sandbox, raw: Any, flags: [String] = [], sourceLocation: SourceLocation = #_sourceLocation) -> String {
        let spec = String(decoding: try! JSONSerialization.data(withJSONObject: raw), as: UTF8.self)
        let r = s.run([Peers.script("migration_link")] + flags, env: [:], stdin: spec, executable: Peers.python)
        #expect(r.status == 0, "migration_link.py: \(r.stderr)", sourceLocation: sourceLocation)
        return r.out
    }

    /// Every user of the sandbox's vault, opened with the PIN by the independent reader.
    static func stored(_ s: Sandbox, sourceLocation: SourceLocation = #_sourceLocation) -> [StoredUser] {
        guard FileManager.default.fileExists(atPath: s.vault) else { return [] }
        let reader = Bundle.module.url(forResource: "vault_reader", withExtension: "py", subdirectory: "Fixtures")!.path
        let r = s.run([reader, s.vault, "pin", Fixture.pin, "--json"], env: [:], executable: Peers.python)
        #expect(r.status == 0, "vault_reader.py: \(r.stderr)", sourceLocation: sourceLocation)
        let d = JSONDecoder()
        d.keyDecodingStrategy = .convertFromSnakeCase
        return r.lines.compactMap { try? d.decode(StoredUser.self, from: Data($0.utf8)) }
    }

    /// What the vault must hold for `spec` under `name`.
    static func expected(_ spec: OTPSpec, name: String? = nil) -> StoredUser {
        StoredUser(name: name ?? spec.name, suite: spec.suite, issuer: spec.issuer, counter: spec.type == "hotp" ? spec.counter : 0,
                   keyHex: spec.secretHex)
    }

    /// Tests/IBKeyCoreTests/Fixtures/qr_images.py (qrencode's modules drawn
    /// into PNG or JPEG by the standard library and libturbojpeg).
    static let qrImages = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("IBKeyCoreTests/Fixtures/qr_images.py").path

    /// An image of `spec` (qr_images.py's scene JSON) at `name` in the sandbox, mode 0600.
    @discardableResult
    static func scene(_ s: Sandbox, _ name: String, _ spec: [String: Any], sourceLocation: SourceLocation = #_sourceLocation) -> String {
        let path = s.path(name)
        let json = String(decoding: try! JSONSerialization.data(withJSONObject: spec), as: UTF8.self)
        let r = s.run([qrImages, "scene", path, json], env: ["PATH": "/usr/bin:/bin"], executable: Peers.python)
        #expect(r.status == 0, "qr_images.py: \(r.stderr)", sourceLocation: sourceLocation)
        chmod(path, 0o600)
        return path
    }

    /// A PNG written by `qrencode` itself (libpng), holding `text`.
    @discardableResult
    static func qrencode(_ s: Sandbox, _ name: String, _ text: String, sourceLocation: SourceLocation = #_sourceLocation) -> String {
        let path = s.path(name)
        let r = s.run(["-o", path, "-s", "4", "-l", "M"], env: [:], stdin: text, executable: "/usr/bin/qrencode")
        #expect(r.status == 0, "qrencode: \(r.stderr)", sourceLocation: sourceLocation)
        chmod(path, 0o600)
        return path
    }
}
