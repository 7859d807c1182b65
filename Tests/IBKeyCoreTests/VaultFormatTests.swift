import Foundation
import Testing
@testable import IBKeyCore

@Suite("Vault container format")
struct VaultFormatTests {
    let pin = SecureBytes(copying: Array("9137".utf8))
    let recovery = SecureBytes(copying: Array("r7#Kq".utf8))

    func vault(users n: Int) throws -> UnlockedVault {
        let v = try UnlockedVault.create(level: .test, pin: pin, recoveryPIN: recovery)
        for i in 0..<n {
            let id = SuiteID.allCases[i % 4]
            let ph = id.suite.pinHash.map { SecretRef($0.hash(pin)) }
            try v.addUser(UserEntry(name: "user\(i)-\(UInt32.random(in: 0...9999))", suite: id.suiteText, enrolledAt: Int64(i)),
                          secret: UserSecret(counter: UInt64.random(in: 0...UInt64.max), key: SecretRef(Sodium.randomSecret(id.keyLength)), pinHash: ph))
        }
        return v
    }

    @Test("random vaults round-trip through both slots")
    func roundTrip() throws {
        for n in [0, 1, 2, 7, 50] {
            let v = try vault(users: n)
            let bytes = v.serialized()
            let sealed = try SealedVault.parse(bytes, as: .vault)
            #expect(sealed.users == v.users)
            for kind in [KeySlot.Kind.pin, .recovery] {
                let u = try #require(try sealed.unlock(kind, pin: kind == .pin ? pin : recovery))
                #expect(u.users == v.users)
                for (a, b) in zip(u.secrets, v.secrets) {
                    #expect(a.counter == b.counter)
                    #expect(a.key.materialize().constantTimeEquals(b.key.materialize()))
                    #expect(a.pinHash?.materialize().unprotectedCopy() == b.pinHash?.materialize().unprotectedCopy())
                }
            }
        }
    }

    @Test("a wrong PIN is not damage")
    func wrongPIN() throws {
        let sealed = try SealedVault.parse(try vault(users: 1).serialized(), as: .vault)
        #expect(try sealed.unlock(.pin, pin: recovery) == nil)
        #expect(try sealed.unlock(.recovery, pin: pin) == nil)
    }

    @Test("every flipped byte is reported as damage, never as a wrong PIN")
    func flips() throws {
        let bytes = try vault(users: 2).serialized()
        for i in bytes.indices {
            var b = bytes; b[i] ^= 0x01
            do {
                _ = try SealedVault.parse(b, as: .vault)
                Issue.record("flip at \(i) accepted")
            } catch let e as IBKeyError {
                switch e {
                case .damaged, .unsupportedVersion: break
                default: Issue.record("flip at \(i): \(e)")
                }
            }
        }
    }

    @Test("truncation, garbage, empty and future versions")
    func malformed() throws {
        let bytes = try vault(users: 1).serialized()
        for n in [0, 1, 8, 10, 41, 100, bytes.count - 1] {
            #expect(throws: IBKeyError.self) { _ = try SealedVault.parse(Array(bytes.prefix(n)), as: .vault) }
        }
        #expect(throws: IBKeyError.self) { _ = try SealedVault.parse(Sodium.randomBytes(500), as: .vault) }
        var future = bytes; future[9] = 2
        #expect(throws: IBKeyError.unsupportedVersion(what: "the vault", version: 2)) {
            _ = try SealedVault.parse(future, as: .vault)
        }
        // A vault is not a backup.
        #expect(throws: IBKeyError.self) { _ = try SealedVault.parse(bytes, as: .backup) }
    }

    /// A hostile file with a valid checksum but a KDF asking for 4 GiB is
    /// refused before any allocation.
    @Test("KDF parameters from a file are bounded")
    func kdfBounds() throws {
        var bytes = try vault(users: 0).serialized()
        // first slot: offset 16 kind, 17 alg, 18..21 ops, 22..25 mem KiB
        for (offset, value) in [(22, UInt32(4 << 20)), (18, UInt32(1000)), (22, UInt32(1))] {
            var b = bytes
            for i in 0..<4 { b[offset + i] = UInt8(truncatingIfNeeded: value >> (24 - 8 * UInt32(i))) }
            let body = Array(b.dropLast(32))
            b = body + Sodium.blake2b(body)
            #expect(throws: IBKeyError.damaged("vault damaged: key derivation cost out of bounds")) {
                _ = try SealedVault.parse(b, as: .vault)
            }
        }
        bytes[0] = 0
    }

    /// Editing the header to a cheaper KDF (and fixing the checksum) makes the
    /// slot fail to open: the KDF parameters are bound to the wrapped key.
    @Test("slot parameters are authenticated")
    func downgrade() throws {
        var b = try vault(users: 0).serialized()
        b[21] = 2 // ops 1 → 2
        let body = Array(b.dropLast(32))
        b = body + Sodium.blake2b(body)
        let sealed = try SealedVault.parse(b, as: .vault)
        #expect(try sealed.unlock(.pin, pin: pin) == nil)
    }

    @Test("the fixture vault made by format v1 still opens")
    func fixture() throws {
        let url = try #require(Bundle.module.url(forResource: "vault-v1", withExtension: "ibkey", subdirectory: "Fixtures"))
        let sealed = try SealedVault.parse([UInt8](try Data(contentsOf: url)), as: .vault)
        #expect(sealed.users.map(\.name) == ["alice", "bob"])
        let v = try #require(try sealed.unlock(.pin, pin: SecureBytes(copying: Array("9137".utf8))))
        let r = try Responder(vault: v, index: 0)
        // alice: the first IB Key vector's key, counter 1, P = SHA1("1234") (Fixtures/README.md).
        #expect(try r.respond(to: "708362") == "15632646")
        #expect(v.secrets[1].counter == 3)
    }

    /// Regenerates the fixture (only when asked): IBKEY_WRITE_FIXTURE=path swift test --filter writeFixture
    @Test("write the v1 fixture vault", .enabled(if: ProcessInfo.processInfo.environment["IBKEY_WRITE_FIXTURE"] != nil))
    func writeFixture() throws {
        let path = ProcessInfo.processInfo.environment["IBKEY_WRITE_FIXTURE"]!
        let v = try UnlockedVault.create(level: .test, pin: pin, recoveryPIN: recovery)
        let pinHash = HashAlgorithm.sha1.hash(SecureBytes(copying: Array("1234".utf8)))
        try v.addUser(UserEntry(name: "alice", suite: SuiteID.ibKeySHA1.suiteText, enrolledAt: 1_764_000_000),
                      secret: UserSecret(counter: 1, key: SecretRef(SecureBytes(copying: SelfTest.hexBytes("ae7ea584ec7cfaffccca2a4238f8f1fb8e26d5da"))),
                                         pinHash: SecretRef(pinHash)))
        try v.addUser(UserEntry(name: "bob", suite: SuiteID.sha256NoCounter.suiteText, enrolledAt: 1_764_000_060),
                      secret: UserSecret(counter: 3, key: SecretRef(SecureBytes(copying: [UInt8](repeating: 0x42, count: 32))), pinHash: nil))
        try Data(v.serialized()).write(to: URL(fileURLWithPath: path))
    }
}
