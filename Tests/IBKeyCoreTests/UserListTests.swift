import Testing
@testable import IBKeyCore

/// The user list read lazily from a directory must behave exactly like a
/// plain array of entries.
@Suite("User list")
struct UserListTests {
    static let suites = SuiteID.allCases.map(\.suite)

    func randomEntries(_ n: Int) -> [UserEntry] {
        let names = ["alice", "bob", "josé", "日本", "x", String(repeating: "n", count: 64), "a b", "Zoë-2"]
        return (0..<n).map { i in
            UserEntry(name: "\(names[i % names.count])\(i)".prefixBytes(64), suite: Self.suites[Int.random(in: 0..<4)],
                      enrolledAt: Int64.random(in: Timestamp.validRange))
        }
    }

    /// The directory-backed list, as a parse makes it.
    func parsed(_ entries: [UserEntry]) throws -> UserList {
        let lengths = entries.map { _ in VaultLayout.minRecordSize(4) }
        let bytes = Directory.encode(entries, recordLengths: lengths)
        let parsed = try Directory.parse(bytes, count: entries.count, recordsStart: 1000, version: 4) { IBKeyError.damaged(Damage(.vault, $0)) }
        #expect(parsed.recordStarts == (0...entries.count).map { 1000 + $0 * VaultLayout.minRecordSize(4) })
        return parsed.users
    }

    @Test("a parsed directory lists the same entries, in order, as the array it was made from")
    func sameEntries() throws {
        for n in [0, 1, 2, 17, 300] {
            let entries = randomEntries(n)
            let list = try parsed(entries)
            #expect(Array(list) == entries)
            #expect(list == UserList(entries))
            #expect(list.names == entries.map(\.name))
        }
    }

    @Test("lookup by name: bytes first, then canonical equivalence; nil for a stranger")
    func lookup() throws {
        let entries = [UserEntry(name: "alice", suite: Self.suites[0], enrolledAt: 1),
                       UserEntry(name: "jos\u{E9}", suite: Self.suites[1], enrolledAt: 2)]
        for list in [try parsed(entries), UserList(entries)] {
            #expect(list.firstIndex(named: "alice") == 0)
            #expect(list.firstIndex(named: "jos\u{E9}") == 1)
            #expect(list.firstIndex(named: "jose\u{301}") == 1) // decomposed é
            #expect(list.firstIndex(named: "Alice") == nil)
            #expect(list.firstIndex(named: "alic") == nil)
            #expect(list.firstIndex(named: "") == nil)
        }
    }

    @Test("append and remove on a parsed list work as on an array")
    func changes() throws {
        var entries = randomEntries(5)
        var list = try parsed(entries)
        let extra = UserEntry(name: "carol", suite: Self.suites[3], enrolledAt: 9)
        list.append(extra); entries.append(extra)
        #expect(Array(list) == entries)
        list.remove(at: 1); entries.remove(at: 1)
        #expect(Array(list) == entries)
        #expect(list.firstIndex(named: "carol") == 4)
    }

    @Test("a directory whose length does not match its entries is damage")
    func malformed() throws {
        let bytes = Directory.encode(randomEntries(3), recordLengths: Array(repeating: VaultLayout.minRecordSize(4), count: 3))
        for (count, data) in [(4, bytes), (2, bytes), (3, Array(bytes.dropLast())), (3, bytes + [0])] {
            #expect(throws: IBKeyError.self) {
                _ = try Directory.parse(data, count: count, recordsStart: 0, version: 4) { IBKeyError.damaged(Damage(.vault, $0)) }
            }
        }
    }
}

extension String {
    /// At most `n` UTF-8 bytes, cut at a character boundary.
    func prefixBytes(_ n: Int) -> String {
        var out = ""
        for c in self where out.utf8.count + String(c).utf8.count <= n { out.append(c) }
        return out
    }
}
