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
            try v.addUser(UserEntry(name: "user\(i)-\(UInt32.random(in: 0...9999))", suite: id.suite, enrolledAt: Int64(i)),
                          secret: UserSecret(counter: UInt64.random(in: 0...UInt64.max), key: SecretRef(Random.secret(id.keyLength)), pinHash: ph))
        }
        return v
    }

    func layout(_ bytes: [UInt8]) throws -> RecordFormat {
        guard case .records(let l) = try SealedVault.parse(bytes, as: .vault).layout else { throw IBKeyError.internalError("not a record format") }
        return l
    }

    func rechecksummed(_ bytes: [UInt8]) -> [UInt8] { Forging.rechecksummed(bytes) }
    func forged(_ bytes: [UInt8]) -> [UInt8] { Forging.forged(bytes) }

    @Test("random vaults round-trip through both slots")
    func roundTrip() throws {
        for n in [0, 1, 2, 7, 50] {
            let v = try vault(users: n)
            let bytes = try v.serialized()
            let sealed = try SealedVault.parse(bytes, as: .vault)
            #expect(sealed.version == RecordFormat.written)
            #expect(sealed.users == v.users)
            for kind in [PINKind.pin, .recoveryPIN] {
                let u = try #require(try sealed.tryUnlock(kind, pin: kind == .pin ? pin : recovery))
                #expect(u.users == v.users)
                for i in 0..<n {
                    let (a, b) = (try u.secret(at: i), try v.secret(at: i))
                    #expect(a.counter == b.counter)
                    #expect(a.key.materialize().constantTimeEquals(b.key.materialize()))
                    #expect(a.pinHash?.materialize().unprotectedCopy() == b.pinHash?.materialize().unprotectedCopy())
                }
                // Written again untouched (records copied as sealed): the same bytes.
                #expect(try u.serialized() == bytes)
                #expect(sealed.kdfLevel == .test)
            }
        }
    }

    @Test("a header-only read finds the same users and opens one record")
    func headerOnly() throws {
        let bytes = try vault(users: 20).serialized()
        let full = try SealedVault.parse(bytes, as: .vault)
        let partial = try SealedVault.read(VaultSource(bytes: bytes), as: .vault, verification: .header)
        #expect(partial.users == full.users)
        let u = try #require(try partial.tryUnlock(.pin, pin: pin))
        let v = try #require(try full.tryUnlock(.pin, pin: pin))
        #expect(try u.secret(at: 13).counter == v.secret(at: 13).counter)
    }

    @Test("a wrong PIN is not damage")
    func wrongPIN() throws {
        let sealed = try SealedVault.parse(try vault(users: 1).serialized(), as: .vault)
        #expect(try sealed.tryUnlock(.pin, pin: recovery) == nil)
        #expect(try sealed.tryUnlock(.recoveryPIN, pin: pin) == nil)
    }

    /// Outside the counter cells, every flipped byte is damage when the file
    /// is parsed. Inside them, a spoiled cell (an interrupted write, or damage
    /// at rest) leaves the other cell of the pair, which holds the latest value
    /// once a respond has finished (Docs/VAULT.md, counter cells).
    @Test("every flipped byte is damage, never a wrong PIN; a flipped cell never changes a counter")
    func flips() throws {
        let v = try vault(users: 2)
        let bytes = try v.serialized()
        let cells = try layout(bytes).cellsOffset
        let attemptCells = (Forging.headerLength(bytes) + 32)..<Forging.directoryStart(bytes)
        let counters = [try v.secret(at: 0).counter, try v.secret(at: 1).counter]
        for i in bytes.indices {
            var b = bytes; b[i] ^= 0x01
            if attemptCells.contains(i) {
                // One spoiled attempt cell: the other holds the counts (Docs/VAULT.md, "Attempt cells").
                let sealed = try SealedVault.parse(b, as: .vault)
                #expect(sealed.failedPINAttempts == 0 && sealed.failedRecoveryAttempts == 0, "flip at \(i)")
            } else if i < cells {
                do {
                    _ = try SealedVault.parse(b, as: .vault)
                    Issue.record("flip at \(i) accepted")
                } catch let e as IBKeyError {
                    switch e {
                    case .damaged, .unsupportedVersion: break
                    default: Issue.record("flip at \(i): \(e)")
                    }
                }
            } else {
                let u = try #require(try SealedVault.parse(b, as: .vault).tryUnlock(.pin, pin: pin))
                let user = (i - cells) / 64
                #expect(try u.secret(at: user).counter == counters[user], "flip at \(i)")
            }
        }
    }

    @Test("both cells of a user spoiled is damage")
    func bothCells() throws {
        var b = try vault(users: 1).serialized()
        let cells = try layout(b).cellsOffset
        b[cells] ^= 1; b[cells + 32] ^= 1
        let u = try #require(try SealedVault.parse(b, as: .vault).tryUnlock(.pin, pin: pin))
        #expect(throws: IBKeyError.damaged(Damage(.vault, "the counter of user '\(u.users[0].name)' does not authenticate"))) {
            _ = try u.secret(at: 0)
        }
    }

    /// Property: any sequence of in-place counter writes, each possibly torn
    /// (the written cell spoiled), reads back as the last completed value, or
    /// the one being written.
    @Test("in-place counter writes with random torn writes never lose or invent a value")
    func inPlaceCells() throws {
        for _ in 0..<20 {
            var bytes = try vault(users: 3).serialized()
            let user = Int.random(in: 0..<3)
            var committed = try #require(try SealedVault.parse(bytes, as: .vault).tryUnlock(.pin, pin: pin)).secret(at: user).counter
            for _ in 0..<10 {
                let u = try #require(try SealedVault.parse(bytes, as: .vault).tryUnlock(.pin, pin: pin))
                #expect(try u.secret(at: user).counter == committed)
                let next = committed &+ UInt64.random(in: 1...70_000)
                let w = try #require(try u.inPlaceCounterWrite(next, at: user))
                let cells = try layout(bytes).cellsRange(user)
                #expect(cells.contains(w.first.offset) && cells.contains(w.second.offset) && w.first.offset != w.second.offset)
                #expect(w.first.bytes == w.second.bytes && w.first.bytes.count == 32)
                // Either write may be torn (the written cell spoiled); a torn write stops the sequence.
                let tornAt = Int.random(in: 0...2) // 0: first torn, 1: second torn, 2: none
                for (k, cell) in [w.first, w.second].enumerated() {
                    var written = cell.bytes
                    if k == tornAt { written[Int.random(in: 0..<24)] ^= UInt8.random(in: 1...255) }
                    bytes.replaceSubrange(cell.offset..<(cell.offset + 32), with: written)
                    if k == tornAt { break }
                }
                // Once the first write is whole, the new value is what a read gives.
                if tornAt != 0 { committed = next }
            }
        }
    }

    @Test("truncation, garbage, empty, trailing bytes and future versions")
    func malformed() throws {
        let bytes = try vault(users: 1).serialized()
        for n in [0, 1, 8, 10, 41, 100, bytes.count - 64, bytes.count - 1] {
            #expect(throws: IBKeyError.self) { _ = try SealedVault.parse(Array(bytes.prefix(n)), as: .vault) }
        }
        #expect(throws: IBKeyError.damaged(Damage(.vault, "trailing bytes"))) { _ = try SealedVault.parse(bytes + [0], as: .vault) }
        #expect(throws: IBKeyError.self) { _ = try SealedVault.parse(Random.bytes(500), as: .vault) }
        var future = bytes; future[9] = 5
        #expect(throws: IBKeyError.unsupportedVersion(what: "the vault", version: 5)) {
            _ = try SealedVault.parse(future, as: .vault)
        }
        // A vault is not a backup.
        #expect(throws: IBKeyError.self) { _ = try SealedVault.parse(bytes, as: .backup) }
    }

    /// A hostile file with a valid checksum but a KDF asking for 4 GiB, or
    /// any cost that is not one of the levels exactly, is refused (damage)
    /// before any allocation, never tried as a wrong PIN.
    @Test("KDF parameters from a file must be one level's exactly")
    func kdfBounds() throws {
        let bytes = try vault(users: 0).serialized()
        // Format 4, first slot: offset 15 kind, 16 alg, 17..20 ops, 21..24 mem KiB.
        for (offset, value) in [(21, UInt32(4 << 20)), (17, UInt32(1000)), (21, UInt32(1)), (17, UInt32(2)), (21, UInt32(9))] {
            var b = bytes
            for i in 0..<4 { b[offset + i] = UInt8(truncatingIfNeeded: value >> (24 - 8 * UInt32(i))) }
            #expect(throws: IBKeyError.damaged(Damage(.vault, "key derivation parameters are not one of the known levels"))) {
                _ = try SealedVault.parse(rechecksummed(b), as: .vault)
            }
        }
    }

    /// A slot edited to another level's exact parameters no longer agrees with
    /// the other slot: damage. Both slots edited alike cannot be told from a
    /// wrong PIN without a secret (Docs/THREAT-MODEL.md): the slot does not
    /// open, as its parameters are bound to the wrapped key.
    @Test("an edited KDF level is damage; both slots edited alike only fail to open")
    func downgrade() throws {
        let bytes = try vault(users: 0).serialized()
        let interactive = KDFLevel.interactive.parameters
        func edit(_ b: inout [UInt8], slotAt o: Int) {
            for i in 0..<4 { b[o + 2 + i] = UInt8(truncatingIfNeeded: UInt32(interactive.opsLimit) >> (24 - 8 * UInt32(i))) }
            for i in 0..<4 { b[o + 6 + i] = UInt8(truncatingIfNeeded: interactive.memLimitKiB >> (24 - 8 * UInt32(i))) }
        }
        var one = bytes
        edit(&one, slotAt: 15)
        #expect(throws: IBKeyError.damaged(Damage(.vault, "the key slots disagree on the key derivation cost"))) {
            _ = try SealedVault.parse(rechecksummed(one), as: .vault)
        }
        var both = one
        edit(&both, slotAt: 15 + 98) // the recovery slot follows the 98-byte PIN slot
        let sealed = try SealedVault.parse(rechecksummed(both), as: .vault)
        #expect(sealed.kdfLevel == .interactive)
        #expect(try sealed.tryUnlock(.pin, pin: pin) == nil)
    }

    /// A forger who edits a directory entry (and fixes the checksum) cannot
    /// give a user another's record or another suite: the record does not open.
    @Test("records are bound to their directory entry")
    func recordBinding() throws {
        let v = try UnlockedVault.create(level: .test, pin: pin, recoveryPIN: recovery)
        for name in ["ann", "bob"] {
            try v.addUser(UserEntry(name: name, suite: SuiteID.sha256NoCounter.suite, enrolledAt: 7),
                          secret: UserSecret(counter: 0, key: SecretRef(Random.secret(32)), pinHash: nil))
        }
        let bytes = try v.serialized()
        // Swap the two names in the directory: same lengths, so the layout holds.
        var b = bytes
        let a = try #require(b.firstRange(of: Array("ann".utf8))), o = try #require(b.firstRange(of: Array("bob".utf8)))
        b.replaceSubrange(a, with: Array("bob".utf8)); b.replaceSubrange(o, with: Array("ann".utf8))
        // Without fixing the directory checksum it is plain damage.
        #expect(throws: IBKeyError.self) { _ = try SealedVault.parse(rechecksummed(b), as: .vault) }
        b = forged(b)
        let u = try #require(try SealedVault.parse(b, as: .vault).tryUnlock(.pin, pin: pin))
        #expect(u.users.map(\.name) == ["bob", "ann"])
        #expect(throws: IBKeyError.self) { _ = try u.secret(at: 0) }
        #expect(throws: IBKeyError.self) { _ = try u.secret(at: 1) }
    }

    /// A wrong PIN rewrites the attempt counters without the key. If the
    /// header changed on disk after it was verified, that rewrite must not
    /// give it a fresh checksum.
    /// Formats 1 to 3 keep the counts in the checksummed header, so counting
    /// an attempt rewrites the file (format 4 writes its attempt cells in
    /// place and never a header checksum).
    @Test("an attempt-counter rewrite of a format-3 file refuses a header that changed after it was verified")
    func noLaundering() throws {
        let path = NSTemporaryDirectory() + "ibkey-launder-\(UInt32.random(in: 0...UInt32.max))"
        defer { unlink(path) }
        let url = try #require(Bundle.module.url(forResource: "vault-v3", withExtension: "ibkey", subdirectory: "Fixtures"))
        try Data(contentsOf: url).write(to: URL(fileURLWithPath: path))
        let source = try #require(try VaultSource.open(path: path))
        var sealed = try SealedVault.read(source, as: .vault, verification: .header)
        // Someone flips a bit of the PIN slot's salt, in place, after the read.
        let handle = try FileHandle(forUpdating: URL(fileURLWithPath: path))
        try handle.seek(toOffset: 25)
        let byte = try #require(try handle.read(upToCount: 1)).first!
        try handle.seek(toOffset: 25)
        try handle.write(contentsOf: [byte ^ 1])
        try handle.close()
        sealed.failedPINAttempts += 1
        #expect(throws: IBKeyError.damaged(Damage(.vault, "checksum mismatch (the file is truncated or was altered)"))) {
            _ = try sealed.attemptWrite(sealed.attempts)
        }
    }

    @Test("a name with control characters in a file is damage (they would reach the terminal)")
    func controlCharacters() throws {
        let v = try UnlockedVault.create(level: .test, pin: pin, recoveryPIN: recovery)
        try v.addUser(UserEntry(name: "eve\u{1B}[2J", suite: SuiteID.sha256NoCounter.suite, enrolledAt: 0),
                      secret: UserSecret(counter: 0, key: SecretRef(Random.secret(32)), pinHash: nil))
        #expect(throws: IBKeyError.damaged(Damage(.vault, "bad user name"))) {
            _ = try SealedVault.parse(try v.serialized(), as: .vault)
        }
    }

    /// `reset` deletes `<vault>.lock`. A process that was waiting on the old
    /// file must not believe it holds the lock while another holds the new one.
    @Test("a lock won on a deleted lock file is taken again on the current one")
    func lockFileReplaced() throws {
        let path = NSTemporaryDirectory() + "ibkey-lock-\(UInt32.random(in: 0...UInt32.max))"
        defer { unlink(path + ".lock") }
        var first: FileLock? = try FileLock(guarding: path)
        let acquired = Atomic(false)
        let waiter = Thread {
            let lock = try? FileLock(guarding: path)
            acquired.set(true)
            withExtendedLifetime(lock) {}
        }
        waiter.start()
        usleep(100_000)
        #expect(!acquired.get())
        unlink(path + ".lock")
        var third: FileLock? = try FileLock(guarding: path) // a new file: free at once
        first = nil // the waiter now wins the old, deleted file...
        usleep(200_000)
        #expect(!acquired.get(), "the waiter holds a lock on a deleted file while another process holds the real one")
        third = nil // ...and gets the real one only now
        // Wait for it (not for a fixed time): a loaded machine may take long to schedule the thread.
        let deadline = Date().addingTimeInterval(120)
        while !acquired.get() && Date() < deadline { usleep(5_000) }
        #expect(acquired.get())
        withExtendedLifetime((first, third)) {}
    }

}

/// A Bool shared with a thread in the lock test.
final class Atomic: @unchecked Sendable {
    private var value: Bool
    private let lock = NSLock()
    init(_ v: Bool) { value = v }
    func get() -> Bool { lock.lock(); defer { lock.unlock() }; return value }
    func set(_ v: Bool) { lock.lock(); value = v; lock.unlock() }
}
