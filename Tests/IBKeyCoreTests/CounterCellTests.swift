import Foundation
import Testing
@testable import IBKeyCore

/// The promise of Docs/VAULT.md, "Counter cells": no counter value is shown
/// twice, whatever interrupts a write and whichever single cell is damaged at
/// rest. A model of `respond`: read the counter, make the two in-place writes
/// (each possibly torn, or the process stopped between them), print only
/// after both; between runs, damage may strike one cell.
@Suite("Counter cells")
struct CounterCellTests {
    let pin = SecureBytes(copying: Array("9137".utf8))
    let recovery = SecureBytes(copying: Array("r7#Kq".utf8))

    func vault(counter: UInt64 = 5) throws -> [UInt8] {
        let v = try UnlockedVault.create(level: .test, pin: pin, recoveryPIN: recovery)
        for name in ["ann", "bob"] {
            try v.addUser(UserEntry(name: name, suite: SuiteID.ibKeySHA1.suite, enrolledAt: 1),
                          secret: UserSecret(counter: counter, key: SecretRef(Random.secret(20)), pinHash: SecretRef(Random.secret(20))))
        }
        return try v.serialized()
    }

    /// The next counter the file gives user 1, or nil when it refuses (damage).
    func next(_ bytes: [UInt8]) throws -> UInt64? {
        let u = try #require(try SealedVault.parse(bytes, as: .vault).tryUnlock(.pin, pin: pin))
        do { return try u.secret(at: 1).counter } catch IBKeyError.damaged { return nil }
    }

    func cellsStart(_ bytes: [UInt8]) throws -> Int {
        guard case .records(let f) = try SealedVault.parse(bytes, as: .vault).layout else { throw IBKeyError.internalError("v3") }
        return f.cellsRange(1).lowerBound
    }

    /// How a run of `respond` ends.
    enum Interruption: CaseIterable { case firstTorn, stoppedBetween, secondTorn, none }

    /// One respond of `batch` challenges: returns the file after it and the
    /// counters it showed.
    func respond(_ bytes: [UInt8], batch: UInt64, _ how: Interruption) throws -> ([UInt8], Range<UInt64>) {
        var b = bytes
        let u = try #require(try SealedVault.parse(b, as: .vault).tryUnlock(.pin, pin: pin))
        let n = try u.secret(at: 1).counter
        let w = try #require(try u.inPlaceCounterWrite(n + batch, at: 1))
        func apply(_ cell: UnlockedVault.CellWrite, torn: Bool) {
            var bytes = cell.bytes
            if torn { bytes[Int.random(in: 0..<bytes.count)] ^= UInt8.random(in: 1...255) }
            b.replaceSubrange(cell.offset..<(cell.offset + bytes.count), with: bytes)
        }
        switch how {
        case .firstTorn: apply(w.first, torn: true); return (b, n..<n)
        case .stoppedBetween: apply(w.first, torn: false); return (b, n..<n)
        case .secondTorn: apply(w.first, torn: false); apply(w.second, torn: true); return (b, n..<n)
        case .none: apply(w.first, torn: false); apply(w.second, torn: false); return (b, n..<(n + batch)) // printed
        }
    }

    @Test("every interruption, then damage to either cell: the counter never goes back past a shown response",
          arguments: [UInt64(1), 50])
    func interruptionsThenDamage(batch: UInt64) throws {
        let start = try vault()
        for how in Interruption.allCases {
            // Two clean responds first, so both cells were written at least once.
            var (b, shown) = try respond(start, batch: batch, .none)
            (b, shown) = try respond(b, batch: batch, .none)
            let (after, now) = try respond(b, batch: batch, how)
            let highest = now.isEmpty ? shown.upperBound - 1 : now.upperBound - 1
            let cells = try cellsStart(after)
            #expect(try #require(try next(after)) > highest, "\(how)")
            for cell in 0..<2 {
                for byte in [0, 7, 8, 23, 24, 31] { // counter, tag, zero tail
                    var damaged = after
                    damaged[cells + 32 * cell + byte] ^= 0x40
                    if let counter = try next(damaged) {
                        #expect(counter > highest, "\(how), batch \(batch): cell \(cell) byte \(byte) gave \(counter) after \(highest) was shown")
                    }
                }
            }
        }
    }

    /// A random walk: responds of random sizes, random interruptions, random
    /// single-cell damage between them (repaired by the next full write or not).
    @Test("random responds, interruptions and damage never show a counter twice")
    func randomWalk() throws {
        for _ in 0..<30 {
            var b = try vault(counter: UInt64.random(in: 0...1000))
            var highestShown: UInt64? = nil
            for _ in 0..<12 {
                guard let before = try next(b) else { break } // refused: damage, never a repeat
                if let h = highestShown { #expect(before > h) }
                let (after, shown) = try respond(b, batch: UInt64.random(in: 1...60), Interruption.allCases.randomElement()!)
                b = after
                if !shown.isEmpty { highestShown = shown.upperBound - 1 }
                if Bool.random() { // damage at rest to one cell
                    let cells = try cellsStart(b)
                    b[cells + 32 * Int.random(in: 0...1) + Int.random(in: 0..<32)] ^= UInt8.random(in: 1...255)
                }
            }
        }
    }

    @Test("at rest both cells hold the next counter; both spoiled is damage")
    func atRest() throws {
        let (b, _) = try respond(try vault(), batch: 3, .none)
        let cells = try cellsStart(b)
        #expect(Array(b[cells..<(cells + 32)]) == Array(b[(cells + 32)..<(cells + 64)]))
        var both = b
        both[cells] ^= 1; both[cells + 32] ^= 1
        #expect(try next(both) == nil)
    }

    /// ibkey 0.2 wrote one cell per respond: in a format-2 file a single valid
    /// cell may be the older one, so ibkey skips ahead by the issuer's window.
    @Test("format 2: one valid cell skips 20 ahead; two valid cells give the larger")
    func formatTwoSkip() throws {
        let rule = CounterCells.Rule.format2
        let key = Random.secret(32), nonce = ArraySlice(Random.bytes(24))
        let older = CounterCells.cell(7, recordNonce: nonce, key: key), newer = CounterCells.cell(8, recordNonce: nonce, key: key)
        var spoiled = newer; spoiled[3] ^= 1
        #expect(CounterCells.read(older + newer, recordNonce: nonce, key: key, rule: rule)?.counter == 8)
        #expect(CounterCells.read(older + spoiled, recordNonce: nonce, key: key, rule: rule)?.counter == 7 + 20)
        #expect(CounterCells.read(older + spoiled, recordNonce: nonce, key: key, rule: .current)?.counter == 7)
        #expect(CounterCells.read(older + newer, recordNonce: nonce, key: key, rule: .backup) == nil)
        #expect(CounterCells.read(newer + newer, recordNonce: nonce, key: key, rule: .backup)?.counter == 8)
        let top = CounterCells.cell(.max - 3, recordNonce: nonce, key: key)
        #expect(CounterCells.read(top + spoiled, recordNonce: nonce, key: key, rule: rule)?.counter == .max)
    }

    @Test("the next write replaces the spoiled or smaller cell first")
    func writeOrder() throws {
        let key = Random.secret(32), nonce = ArraySlice(Random.bytes(24))
        let a = CounterCells.cell(3, recordNonce: nonce, key: key), b = CounterCells.cell(4, recordNonce: nonce, key: key)
        var bad = a; bad[0] ^= 1
        #expect(CounterCells.read(a + b, recordNonce: nonce, key: key, rule: .current)?.writeOrder == [0, 1])
        #expect(CounterCells.read(b + a, recordNonce: nonce, key: key, rule: .current)?.writeOrder == [1, 0])
        #expect(CounterCells.read(bad + b, recordNonce: nonce, key: key, rule: .current)?.writeOrder == [0, 1])
        #expect(CounterCells.read(b + bad, recordNonce: nonce, key: key, rule: .current)?.writeOrder == [1, 0])
    }
}
