import Foundation
import Testing
@testable import IBKeyCore

/// The fixture vaults of every format: they must still open.
extension VaultFormatTests {
    @Test("the fixture vault made by format v1 still opens, and upgrades to the format this build writes with its counters and slots")
    func fixtureV1() throws {
        let sealed = try fixture("vault-v1")
        #expect(sealed.version == 1)
        #expect(sealed.users.map(\.name) == ["alice", "bob"])
        let v = try #require(try sealed.tryUnlock(.pin, pin: SecureBytes(copying: Array("9137".utf8))))
        let r = try Responder(vault: v, index: 0)
        // alice: the first IB Key vector's key, counter 1, P = SHA1("1234") (Fixtures/README.md).
        #expect(try r.respond(to: "708362") == "15632646")
        #expect(try v.secret(at: 1).counter == 3)
        // Format 1 cannot be patched in place: the first counter write is a whole write, in format 3.
        #expect(try v.inPlaceCounterWrite(2, at: 0) == nil)
        try v.setCounter(2, at: 0)
        let upgraded = try SealedVault.parse(try v.serialized(), as: .vault)
        #expect(upgraded.version == RecordFormat.written)
        // Opened with the PIN only: the recovery slot is copied as it was, still opens, and waits for the recovery PIN.
        #expect(upgraded.recoverySlotNeedsUpgrade)
        let u = try #require(try upgraded.tryUnlock(.recoveryPIN, pin: recovery))
        #expect(try u.secret(at: 0).counter == 2)
        #expect(try u.secret(at: 1).counter == 3)
        #expect(try Responder(vault: u, index: 0).respond(to: "708362") != "15632646") // counter 2 now
        // Written by a vault opened with the recovery PIN, it becomes a public-key slot.
        let again = try SealedVault.parse(try u.serialized(), as: .vault)
        #expect(!again.recoverySlotNeedsUpgrade)
        #expect(try again.tryUnlock(.recoveryPIN, pin: recovery) != nil && again.tryUnlock(.pin, pin: SecureBytes(copying: Array("9137".utf8))) != nil)
    }

    @Test("the fixture vault made by format v2 still opens; its first counter write upgrades it whole")
    func fixtureV2() throws {
        let sealed = try fixture("vault-v2")
        #expect(sealed.version == 2)
        #expect(sealed.users.map(\.name) == ["alice", "bob"])
        let v = try #require(try sealed.tryUnlock(.pin, pin: pin))
        #expect(try Responder(vault: v, index: 0).respond(to: "708362") == "15632646")
        #expect(try v.secret(at: 1).counter == 3)
        #expect(try v.inPlaceCounterWrite(2, at: 0) == nil)
        #expect(try #require(try sealed.tryUnlock(.recoveryPIN, pin: recovery)).users.count == 2)
    }

    @Test("the fixture vault made by format v3 still opens")
    func fixtureV3() throws {
        let sealed = try fixture("vault-v3")
        // ibkey 0.3's public-key recovery slot: read, but it proves nothing (replaced once the recovery PIN is given).
        #expect(sealed.version == 3 && sealed.recoverySlotNeedsUpgrade && sealed.recoverySlotIsUnproven)
        #expect(sealed.users.map(\.name) == ["alice", "bob"])
        let v = try #require(try sealed.tryUnlock(.pin, pin: pin))
        #expect(try Responder(vault: v, index: 0).respond(to: "708362") == "15632646")
        #expect(try v.secret(at: 1).counter == 3)
        #expect(try #require(try sealed.tryUnlock(.recoveryPIN, pin: recovery)).users.count == 2)
    }

    @Test("the fixture vault made by format v4 opens: a proven recovery slot, attempt cells, TOTP and HOTP accounts with an issuer")
    func fixtureV4() throws {
        let sealed = try fixture("vault-v4")
        #expect(sealed.version == 4 && !sealed.recoverySlotNeedsUpgrade && !sealed.recoverySlotIsUnproven)
        #expect(sealed.failedPINAttempts == 0 && sealed.failedRecoveryAttempts == 0)
        #expect(sealed.users.map(\.name) == ["alice", "bob", "carol", "dave"])
        #expect(sealed.users.map(\.suite.text) == ["OCRA-1:HOTP-SHA1-8:C-QN06-PSHA1", "OCRA-1:HOTP-SHA256-8:QN06",
                                                    "TOTP-SHA256-8-30", "HOTP-SHA1-6"])
        #expect(sealed.users.map(\.issuer) == [nil, nil, "Example", nil])
        let v = try #require(try sealed.tryUnlock(.pin, pin: pin))
        #expect(try Responder(vault: v, index: 0).respond(to: "708362") == "15632646")
        #expect(try v.secret(at: 1).counter == 3)
        // RFC 6238 Appendix B (SHA-256, T = 59) and RFC 4226 Appendix D (counter 5).
        let carol = try v.secret(at: 2), dave = try v.secret(at: 3)
        #expect(try OTPGenerator(suite: try #require(v.users[2].suite.otp), key: carol.key).code(at: 59) == "46119246")
        #expect(OTPGenerator(suite: try #require(v.users[3].suite.otp), key: dave.key).code(counter: dave.counter) == "254676")
        #expect(try #require(try sealed.tryUnlock(.recoveryPIN, pin: recovery)).users.count == 4)
    }

    func fixture(_ name: String) throws -> SealedVault {
        let url = try #require(Bundle.module.url(forResource: name, withExtension: "ibkey", subdirectory: "Fixtures"))
        return try SealedVault.parse([UInt8](try Data(contentsOf: url)), as: .vault)
    }
}
