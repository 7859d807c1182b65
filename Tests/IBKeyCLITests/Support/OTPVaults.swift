import Foundation
import Testing
import IBKeyCore

/// A TOTP or HOTP account to put in a sandbox's vault directly (through the
/// core, not the CLI), for tests of what reads such accounts (`code`,
/// `export`, `users`) that must not depend on `import`. The vault is written
/// as `ibkey` writes it: the test KDF and `Fixture`'s PINs.
struct OTPFixtureAccount {
    var name: String
    /// `TOTP-SHA1-6-30`, `HOTP-SHA256-8`, … (`OTPSuite`'s text).
    var suite: String
    /// The key, in hex.
    var keyHex: String
    /// HOTP: the next counter.
    var counter: UInt64 = 0
    var issuer: String? = nil

    /// RFC 6238 Appendix B's keys, by hash: the ASCII of "1234567890" repeated
    /// to the hash's length (20, 32 or 64 bytes).
    static func rfc6238Key(_ hash: String) -> String {
        let n = hash == "SHA1" ? 20 : hash == "SHA256" ? 32 : 64
        return String(Array("12345678901234567890123456789012345678901234567890123456789012345678901234567890".utf8).prefix(n)
            .map { String(format: "%02x", $0) }.joined())
    }
}

extension Sandbox {
    /// Adds the accounts to the sandbox's vault, creating it (test KDF,
    /// `Fixture.pin` and `Fixture.recovery`) when there is none.
    func addOTPAccounts(_ accounts: [OTPFixtureAccount], sourceLocation: SourceLocation = #_sourceLocation) {
        do {
            let pin = SecureBytes(copying: Array(Fixture.pin.utf8))
            let recovery = SecureBytes(copying: Array(Fixture.recovery.utf8))
            let store = VaultStore(path: vault)
            if !store.exists {
                try FileManager.default.createDirectory(atPath: (vault as NSString).deletingLastPathComponent,
                                                        withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            }
            let unlocked = store.exists ? try store.unlock(pin: pin, recoveryPIN: recovery)
                                        : try UnlockedVault.create(level: .test, pin: pin, recoveryPIN: recovery)
            for a in accounts {
                let key = SecureBytes(copying: Coding.bytes(hex: a.keyHex))
                let entry = UserEntry(name: a.name, suite: try UserSuite(text: a.suite), enrolledAt: 1_767_225_600, issuer: a.issuer)
                try unlocked.addUser(entry, secret: UserSecret(counter: a.counter, key: SecretRef(key), pinHash: nil))
            }
            try store.save(unlocked)
        } catch {
            Issue.record("cannot add OTP accounts: \(error)", sourceLocation: sourceLocation)
        }
    }
}
