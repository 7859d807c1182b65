import Foundation
import Testing
@testable import IBKeyCore

/// The vault on disk: load, the counted unlock, in-place counters, and the
/// reuse of a parse when the fixed header has not changed.
@Suite("Vault store")
struct VaultStoreTests {
    let pin = SecureBytes(copying: Array("9137".utf8))
    let recovery = SecureBytes(copying: Array("r7#Kq".utf8))
    let wrong = SecureBytes(copying: Array("0007".utf8))

    func store(users: Int = 1, counter: UInt64 = 5) throws -> VaultStore {
        var template = Array((NSTemporaryDirectory() + "ibkey-vs-XXXXXX").utf8CString)
        let dir = String(cString: template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }!)
        let store = VaultStore(path: dir + "/vault.ibkey")
        let v = try UnlockedVault.create(level: .test, pin: pin, recoveryPIN: recovery)
        for i in 0..<users {
            try v.addUser(UserEntry(name: "u\(i)", suite: SuiteID.ibKeySHA1.suite, enrolledAt: 0),
                          secret: UserSecret(counter: counter, key: SecretRef(Random.secret(20)), pinHash: SecretRef(Random.secret(20))))
        }
        try store.exclusively { try store.save(v) }
        return store
    }

    @Test("no file: not found (5)")
    func missing() {
        let s = VaultStore(path: NSTemporaryDirectory() + "ibkey-none-\(UInt32.random(in: 0...UInt32.max))/v")
        #expect(!s.exists)
        #expect(throws: IBKeyError.vaultNotFound(path: s.path)) { _ = try s.load() }
    }

    @Test("wrong PINs are counted on disk and block at 10; the right PIN resets the count")
    func counting() throws {
        let s = try store()
        for n in 1...3 {
            #expect(throws: IBKeyError.wrongPIN(attemptsLeft: 10 - n)) { try s.exclusively { _ = try s.unlock(.pin, pin: wrong) } }
            #expect(try s.load().failedAttempts(.pin) == UInt16(n))
        }
        _ = try s.exclusively { try s.unlock(.pin, pin: pin) }
        #expect(try s.load().failedAttempts(.pin) == 0)
        for _ in 1...10 { _ = try? s.exclusively { try s.unlock(.pin, pin: wrong) } }
        #expect(try s.load().isBlocked(.pin))
        #expect(throws: IBKeyError.vaultBlocked) { try s.exclusively { _ = try s.unlock(.pin, pin: pin) } }
        // The recovery PIN has its own count.
        #expect(try s.load().failedAttempts(.recoveryPIN) == 0)
        _ = try s.exclusively { try s.unlock(.recoveryPIN, pin: recovery) }
    }

    @Test("a counter is stored in place: same inode, same size, and read back")
    func counterInPlace() throws {
        let s = try store(users: 3, counter: 41)
        var before = stat(); stat(s.path, &before)
        try s.exclusively {
            let v = try s.unlock(.pin, pin: pin, verification: .header)
            #expect(try v.secret(at: 1).counter == 41)
            try s.commitCounter(42, at: 1, of: v)
        }
        var after = stat(); stat(s.path, &after)
        #expect(after.st_ino == before.st_ino && after.st_size == before.st_size)
        let again = try #require(try s.load().tryUnlock(.pin, pin: pin))
        #expect(try again.secret(at: 1).counter == 42)
        #expect(try again.secret(at: 0).counter == 41)
    }

    @Test("a whole write made meanwhile by another writer is read, not the cached parse")
    func cacheFollowsTheFile() throws {
        let s = try store(users: 1)
        _ = try s.load(.header)
        // Another process adds a user (a new file, a new fixed header).
        let other = VaultStore(path: s.path)
        try other.exclusively {
            let v = try other.unlock(.pin, pin: pin)
            try v.addUser(UserEntry(name: "late", suite: SuiteID.sha256NoCounter.suite, enrolledAt: 1),
                          secret: UserSecret(counter: 0, key: SecretRef(Random.secret(32)), pinHash: nil))
            try other.save(v)
        }
        #expect(try s.load(.header).users.names == ["u0", "late"])
        #expect(try s.load(.full).users.names == ["u0", "late"])
    }

    @Test("both PINs at once: each is checked and counted")
    func bothPINs() throws {
        let s = try store()
        #expect(throws: IBKeyError.self) { try s.exclusively { _ = try s.unlock(pin: pin, recoveryPIN: wrong) } }
        #expect(try s.load().failedAttempts(.recoveryPIN) == 1)
        let v = try s.exclusively { try s.unlock(pin: pin, recoveryPIN: recovery) }
        #expect(v.failedRecoveryAttempts == 0 && v.users.count == 1)
    }
}
