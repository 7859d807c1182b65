import Foundation
import Testing
@testable import IBKeyCore

/// Writes the fuzzers' seed corpus (Fuzz/corpus), only when asked:
/// IBKEY_WRITE_SEEDS=Fuzz/corpus swift test --filter writeSeeds
@Suite("Fuzz seeds")
struct FuzzSeedTests {
    @Test("write the seed corpus", .enabled(if: ProcessInfo.processInfo.environment["IBKEY_WRITE_SEEDS"] != nil))
    func writeSeeds() throws {
        let root = ProcessInfo.processInfo.environment["IBKEY_WRITE_SEEDS"]!
        func put(_ target: String, _ name: String, _ bytes: [UInt8]) throws {
            try FileManager.default.createDirectory(atPath: "\(root)/\(target)", withIntermediateDirectories: true)
            try Data(bytes).write(to: URL(fileURLWithPath: "\(root)/\(target)/\(name)"))
        }
        for ex in ActivationCodeTests.examples {
            try put("activation-code", "suite\(ex.0.rawValue)", Array(ex.3.utf8))
        }
        let pin = SecureBytes(copying: Array("9137".utf8))
        for id in SuiteID.allCases {
            let key = SecureBytes(copying: [UInt8](repeating: 9, count: id.keyLength)) // FuzzKeys.token
            try put("registration-code", "suite\(id.rawValue)",
                    Array(RegistrationCode.make(user: "fuzz", suiteID: id, tokenKey: key, pinHash: id.suite.pinHash?.hash(pin)).utf8))
        }
        for (i, s) in OCRASuiteTests.valid.enumerated() { try put("suite", "valid\(i)", Array(s.utf8)) }
        for (i, c) in ["123456", "123 456", "12-34-56", "0", "00000000000000000000000000", "DEADBEEF"].enumerated() {
            try put("challenge", "c\(i)", Array(c.utf8))
        }
        let v = try UnlockedVault.create(level: .test, pin: pin, recoveryPIN: SecureBytes(copying: Array("r7#Kq".utf8)))
        try v.addUser(UserEntry(name: "alice", suite: SuiteID.ibKeySHA1.suiteText, enrolledAt: 0),
                      secret: UserSecret(counter: 1, key: SecretRef(SecureBytes(count: 20)), pinHash: SecretRef(SecureBytes(count: 20))))
        try v.addUser(UserEntry(name: "bob", suite: "OCRA-1:HOTP-SHA512-0:QH64-S512-T1H", enrolledAt: 253_402_300_799),
                      secret: UserSecret(counter: 0, key: SecretRef(SecureBytes(count: 128)), pinHash: nil))
        // Format 3 (the format-1 and -2 seeds stay as they are).
        try put("vault", "two-slots-v3", try v.serialized())
        try put("print-vault", "two-slots-v3", try v.serialized())
        let b = try v.converted(to: .backup, level: .test, pin: nil, recoveryPIN: pin)
        try put("backup", "one-slot-v3", try b.serialized())
        let state = IssuerState()
        _ = try state.addUser("alice", suite: .ibKeySHA1, now: 0)
        _ = try state.addUser("bob", suite: .sha512, now: 1)
        try put("issuer-store", "two-users-v2", IssuerStoreCodec.encode(state, key: SecureBytes(copying: [UInt8](repeating: 7, count: 32))))
        // The decrypted body, for print-issuer (which seals its input itself).
        try put("print-issuer", "one-user-body", Self.issuerBody())
    }

    /// A format-2 issuer store body with a user of every state, failures and a challenge.
    static func issuerBody() -> [UInt8] {
        var w: [UInt8] = [2, 0, 0, 0, 1]
        func u64(_ v: UInt64) { for i in 0..<8 { w.append(UInt8(truncatingIfNeeded: v >> (56 - 8 * UInt64(i)))) } }
        w += [5] + Array("alice".utf8) + [SuiteID.sha256NoCounter.rawValue, 1]
        u64(7); u64(1_800_000_000)
        w += [32] + [UInt8](repeating: 3, count: 32) + [0]
        w += [2]; u64(1_800_000_100); u64(1_800_000_200)
        u64(0)
        w += [0, 0, 0, 1, 6] + Array("123456".utf8); u64(1_800_000_300); u64(1_800_000_600)
        return w
    }
}
