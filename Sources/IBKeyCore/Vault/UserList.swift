/// The users of a vault, in order. Read from a format-2 or -3 header it stays the
/// raw directory bytes plus one offset per entry, and an entry becomes a
/// `UserEntry` only when asked for: `respond` on a vault of 10 000 users
/// compares names as bytes and decodes one entry, instead of building (and
/// freeing) 10 000 strings. Any change turns it into a plain array first.
public struct UserList: RandomAccessCollection, Equatable, @unchecked Sendable {
    private enum Storage {
        case directory(bytes: [UInt8], offsets: [Int32], suites: [UserSuite], issuerField: Bool)
        case entries([UserEntry])
    }
    private var storage: Storage

    /// A list of entries held as values (a new vault, an import, a test).
    /// - Parameter entries: the users, in order.
    public init(_ entries: [UserEntry] = []) { storage = .entries(entries) }

    /// Entries at `offsets` in a directory's bytes, each already validated by
    /// `Directory.parse`.
    init(directory: [UInt8], offsets: [Int32], suites: [UserSuite], issuerField: Bool) {
        storage = .directory(bytes: directory, offsets: offsets, suites: suites, issuerField: issuerField)
    }

    /// 0: positions are the users' places in the file.
    public var startIndex: Int { 0 }
    /// The number of users.
    public var endIndex: Int {
        switch storage {
        case .directory(_, let offsets, _, _): offsets.count
        case .entries(let e): e.count
        }
    }

    /// User `i`, decoded from the directory's bytes if need be.
    /// - Parameter i: a position in `startIndex..<endIndex`.
    public subscript(i: Int) -> UserEntry {
        switch storage {
        case .entries(let e): return e[i]
        case .directory(let bytes, let offsets, let suites, let issuerField):
            return bytes.withUnsafeBufferPointer { b in
                Directory.Entry.at(Int(offsets[i]), in: b, issuerField: issuerField)!.decode(in: b, suites: suites)
            }
        }
    }

    /// User `i`'s suite alone: from the directory, no name or issuer string
    /// is built (plans that look for a kind of user scan every entry).
    /// - Parameter i: a position in `startIndex..<endIndex`.
    public func suite(at i: Int) -> UserSuite {
        switch storage {
        case .entries(let e): return e[i].suite
        case .directory(let bytes, let offsets, let suites, let issuerField):
            return bytes.withUnsafeBufferPointer { b in
                suites[Directory.Entry.at(Int(offsets[i]), in: b, issuerField: issuerField)!.suiteIndex(in: b)]
            }
        }
    }

    /// The position of the user called `name`. Bytes first (the fast path:
    /// no entry is decoded), then Unicode canonical equivalence as format 1 did
    /// (so "josé" typed decomposed still finds "josé" stored composed). Enroll
    /// refuses a name equivalent to an existing one, so there is one answer.
    /// - Parameter name: the name as typed.
    /// - Returns: the position, or nil.
    public func firstIndex(named name: String) -> Int? {
        if let i = firstIndex(bytes: name) { return i }
        return indices.first { self[$0].name == name }
    }

    private func firstIndex(bytes name: String) -> Int? {
        switch storage {
        case .entries(let e): return e.firstIndex { $0.name.utf8.elementsEqual(name.utf8) }
        case .directory(let bytes, let offsets, _, _):
            var wanted = name
            return wanted.withUTF8 { w in
                bytes.withUnsafeBufferPointer { b in
                    offsets.firstIndex { offset in
                        // The name is the entry's first field: its length byte, then its bytes.
                        let at = Int(offset)
                        return Int(b[at]) == w.count && memcmpEqual(b.baseAddress! + at + 1, w.baseAddress, w.count)
                    }
                }
            }
        }
    }

    /// Every name, in order (for `userNotFound`'s suggestions).
    public var names: [String] { map(\.name) }

    /// Two users with one name (byte for byte, or canonically equivalent, as
    /// Swift compares strings) are damage: enrollment never writes them.
    func checkDistinctNames(damaged: (String) -> IBKeyError) throws {
        guard count > 1 else { return }
        var seen = Set<String>()
        for entry in self where !seen.insert(entry.name).inserted { throw damaged("two users have one name") }
    }

    /// Adds a user at the end.
    /// - Parameter entry: the new user.
    public mutating func append(_ entry: UserEntry) { var e = Array(self); e.append(entry); storage = .entries(e) }
    /// Removes user `i`; the users after it move up.
    /// - Parameter i: the position.
    public mutating func remove(at i: Int) { var e = Array(self); e.remove(at: i); storage = .entries(e) }

    /// Equal when the same entries are in the same order, however each list is stored.
    /// - Parameters:
    ///   - a: one list.
    ///   - b: the other.
    /// - Returns: whether they list the same users.
    public static func == (a: UserList, b: UserList) -> Bool { a.elementsEqual(b) }
}

@inline(__always)
private func memcmpEqual(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>?, _ n: Int) -> Bool {
    guard n > 0, let b else { return n == 0 }
    for k in 0..<n where a[k] != b[k] { return false }
    return true
}
