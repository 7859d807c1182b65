import Foundation
import Testing
@testable import IBKeyCore

/// The fixture vaults of every format: they must still open.
extension VaultFormatTests {
    @Test("the fixture vault made by format v1 still opens, and upgrades to format 3 with its counters and slots")
    func fixtureV1() throws {
        let sealed = try fixture("vault-v1")
        #expect(sealed.version == 1)
        #expect(sealed.users.map(\.name) == ["alice", "bob"])
        let v = try #require(try sealed.unlock(.pin, pin: SecureBytes(copying: Array("9137".utf8))))
        let r = try Responder(vault: v, index: 0)
        // alice: the first IB Key vector's key, counter 1, P = SHA1("1234") (Fixtures/README.md).
        #expect(try r.respond(to: "708362") == "15632646")
        #expect(try v.secret(at: 1).counter == 3)
        // Format 1 cannot be patched in place: the first counter write is a whole write, in format 3.
        #expect(try v.inPlaceCounterWrite(2, at: 0) == nil)
        try v.setCounter(2, at: 0)
        let upgraded = try SealedVault.parse(try v.serialized(), as: .vault)
        #expect(upgraded.version == 3)
        // Opened with the PIN only: the recovery slot is copied as it was, still opens, and waits for the recovery PIN.
        #expect(upgraded.recoverySlotNeedsUpgrade)
        let u = try #require(try upgraded.unlock(.recoveryPIN, pin: recovery))
        #expect(try u.secret(at: 0).counter == 2)
        #expect(try u.secret(at: 1).counter == 3)
        #expect(try Responder(vault: u, index: 0).respond(to: "708362") != "15632646") // counter 2 now
        // Written by a vault opened with the recovery PIN, it becomes a public-key slot.
        let again = try SealedVault.parse(try u.serialized(), as: .vault)
        #expect(!again.recoverySlotNeedsUpgrade)
        #expect(try again.unlock(.recoveryPIN, pin: recovery) != nil && again.unlock(.pin, pin: SecureBytes(copying: Array("9137".utf8))) != nil)
    }

    @Test("the fixture vault made by format v2 still opens; its first counter write upgrades it whole")
    func fixtureV2() throws {
        let sealed = try fixture("vault-v2")
        #expect(sealed.version == 2)
        #expect(sealed.users.map(\.name) == ["alice", "bob"])
        let v = try #require(try sealed.unlock(.pin, pin: pin))
        #expect(try Responder(vault: v, index: 0).respond(to: "708362") == "15632646")
        #expect(try v.secret(at: 1).counter == 3)
        #expect(try v.inPlaceCounterWrite(2, at: 0) == nil)
        #expect(try #require(try sealed.unlock(.recoveryPIN, pin: recovery)).users.count == 2)
    }

    @Test("the fixture vault made by format v3 still opens")
    func fixtureV3() throws {
        let sealed = try fixture("vault-v3")
        #expect(sealed.version == 3 && !sealed.recoverySlotNeedsUpgrade)
        #expect(sealed.users.map(\.name) == ["alice", "bob"])
        let v = try #require(try sealed.unlock(.pin, pin: pin))
        #expect(try Responder(vault: v, index: 0).respond(to: "708362") == "15632646")
        #expect(try v.secret(at: 1).counter == 3)
        #expect(try #require(try sealed.unlock(.recoveryPIN, pin: recovery)).users.count == 2)
    }

    func fixture(_ name: String) throws -> SealedVault {
        let url = try #require(Bundle.module.url(forResource: name, withExtension: "ibkey", subdirectory: "Fixtures"))
        return try SealedVault.parse([UInt8](try Data(contentsOf: url)), as: .vault)
    }

    /// Regenerates the fixture (only when asked): IBKEY_WRITE_FIXTURE=path swift test --filter writeFixture
    @Test("write the fixture vault", .enabled(if: ProcessInfo.processInfo.environment["IBKEY_WRITE_FIXTURE"] != nil))
    func writeFixture() throws {
        let path = ProcessInfo.processInfo.environment["IBKEY_WRITE_FIXTURE"]!
        let v = try UnlockedVault.create(level: .test, pin: pin, recoveryPIN: recovery)
        let pinHash = HashAlgorithm.sha1.hash(SecureBytes(copying: Array("1234".utf8)))
        try v.addUser(UserEntry(name: "alice", suite: SuiteID.ibKeySHA1.suiteText, enrolledAt: 1_764_000_000),
                      secret: UserSecret(counter: 1, key: SecretRef(SecureBytes(copying: SelfTest.hexBytes("ae7ea584ec7cfaffccca2a4238f8f1fb8e26d5da"))),
                                         pinHash: SecretRef(pinHash)))
        try v.addUser(UserEntry(name: "bob", suite: SuiteID.sha256NoCounter.suiteText, enrolledAt: 1_764_000_060),
                      secret: UserSecret(counter: 3, key: SecretRef(SecureBytes(copying: [UInt8](repeating: 0x42, count: 32))), pinHash: nil))
        try Data(try v.serialized()).write(to: URL(fileURLWithPath: path))
    }
}
