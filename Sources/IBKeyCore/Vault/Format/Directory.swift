/// The user directory (Docs/VAULT.md, "Directory"): a suite table, then one
/// entry per user, in the clear so that `users`, `status` and `respond` can
/// pick a user before any PIN is asked for. Each entry is bound to its user's
/// sealed record, whose associated data it is.
enum Directory {
    /// One entry, read in place: name length (1), name (1–64 bytes of UTF-8),
    /// suite index (1), enrolled at (8, signed), record length (2); from
    /// format 4 on, then issuer length (1) and issuer (0–64 bytes).
    struct Entry {
        static let fixedSize = 1 + 1 + 8 + 2
        let offset: Int
        let nameLength: Int
        /// Format 4's issuer; 0 (and no length byte) before.
        let issuerLength: Int
        let hasIssuerField: Bool

        var nameRange: Range<Int> { (offset + 1)..<(offset + 1 + nameLength) }
        var suiteIndexOffset: Int { offset + 1 + nameLength }
        var enrolledAtOffset: Int { suiteIndexOffset + 1 }
        var recordLengthOffset: Int { enrolledAtOffset + 8 }
        var issuerRange: Range<Int> { (recordLengthOffset + 3)..<(recordLengthOffset + 3 + issuerLength) }
        /// Where the next entry starts.
        var end: Int { offset + Self.fixedSize + nameLength + (hasIssuerField ? 1 + issuerLength : 0) }

        /// The entry at `offset`, or nil when the bytes end before it does.
        static func at(_ offset: Int, in bytes: UnsafeBufferPointer<UInt8>, issuerField: Bool) -> Entry? {
            guard offset >= 0, offset < bytes.count else { return nil }
            let nameLength = Int(bytes[offset])
            let issuerAt = offset + fixedSize + nameLength
            guard issuerAt <= bytes.count, !issuerField || issuerAt < bytes.count else { return nil }
            let entry = Entry(offset: offset, nameLength: nameLength, issuerLength: issuerField ? Int(bytes[issuerAt]) : 0,
                              hasIssuerField: issuerField)
            return entry.end <= bytes.count ? entry : nil
        }

        func suiteIndex(in bytes: UnsafeBufferPointer<UInt8>) -> Int { Int(bytes[suiteIndexOffset]) }

        func enrolledAt(in bytes: UnsafeBufferPointer<UInt8>) -> Int64 {
            var v: UInt64 = 0
            for k in 0..<8 { v = v << 8 | UInt64(bytes[enrolledAtOffset + k]) }
            return Int64(bitPattern: v)
        }

        func recordLength(in bytes: UnsafeBufferPointer<UInt8>) -> Int {
            Int(bytes[recordLengthOffset]) << 8 | Int(bytes[recordLengthOffset + 1])
        }

        /// The entry as a value (the parse has validated its bytes).
        func decode(in bytes: UnsafeBufferPointer<UInt8>, suites: [UserSuite]) -> UserEntry {
            let name = String(decoding: UnsafeBufferPointer(rebasing: bytes[nameRange]), as: UTF8.self)
            let issuer = issuerLength == 0 ? nil : String(decoding: UnsafeBufferPointer(rebasing: bytes[issuerRange]), as: UTF8.self)
            return UserEntry(name: name, suite: suites[suiteIndex(in: bytes)], enrolledAt: enrolledAt(in: bytes), issuer: issuer)
        }
    }

    /// What a parse yields: the users (decoded lazily) and where each record starts.
    struct Parsed {
        let users: UserList
        /// User i's record is `recordStarts[i] ..< recordStarts[i + 1]`.
        let recordStarts: [Int]
    }

    /// Parses and validates a directory in one pass over its bytes, keeping only
    /// each entry's offset (`respond` reads this every time; entries become
    /// `UserEntry` values when asked for, in `UserList`).
    /// - Parameters:
    ///   - directory: the directory bytes.
    ///   - count: the user count from the fixed header.
    ///   - recordsStart: the file offset of the records area.
    ///   - version: the file's format version (format 4 added the issuer field and TOTP/HOTP suites).
    ///   - damaged: makes the error for a malformed directory.
    static func parse(_ directory: [UInt8], count userCount: Int, recordsStart: Int, version: UInt16,
                      damaged: (String) -> IBKeyError) throws -> Parsed {
        do { return try parseEntries(directory, count: userCount, recordsStart: recordsStart, version: version, damaged: damaged) }
        catch is ByteReader.TruncatedInput { throw damaged("the file is truncated") }
    }

    private static func parseEntries(_ directory: [UInt8], count userCount: Int, recordsStart: Int, version: UInt16,
                                     damaged: (String) -> IBKeyError) throws -> Parsed {
        var r = ByteReader(directory)
        var suites: [UserSuite] = []
        for _ in 0..<Int(try r.u8()) {
            let text = try r.take(Int(try r.u8()))
            guard !text.isEmpty, UserEntry.isSuiteText(text) else { throw damaged("bad suite text") }
            // Parsed here, once: every later step takes the typed suite.
            guard let suite = try? UserSuite(text: String(decoding: text, as: UTF8.self)), suite.fits(formatVersion: version) else {
                throw damaged("a suite that is not a valid OCRA, TOTP or HOTP suite")
            }
            suites.append(suite)
        }
        let issuerField = version >= 4
        let minRecord = VaultLayout.minRecordSize(version)
        var offsets: [Int32] = []
        offsets.reserveCapacity(userCount)
        var recordStarts: [Int] = []
        recordStarts.reserveCapacity(userCount + 1)
        var at = recordsStart
        recordStarts.append(at)
        var o = r.offset
        try directory.withUnsafeBufferPointer { b in
            for _ in 0..<userCount {
                guard let entry = Entry.at(o, in: b, issuerField: issuerField) else { throw ByteReader.TruncatedInput() }
                guard UserEntry.isStoredName(UnsafeBufferPointer(rebasing: b[entry.nameRange])) else { // its length too
                    throw damaged("bad user name")
                }
                guard entry.issuerLength == 0 || UserEntry.isStoredName(UnsafeBufferPointer(rebasing: b[entry.issuerRange])) else {
                    throw damaged("bad issuer")
                }
                guard entry.suiteIndex(in: b) < suites.count else { throw damaged("unknown suite index") }
                guard Timestamp.validRange.contains(entry.enrolledAt(in: b)) else { throw damaged("bad enrollment date") }
                let length = entry.recordLength(in: b)
                guard length >= minRecord, length <= VaultLayout.maxRecordSize else {
                    throw damaged("bad record length")
                }
                offsets.append(Int32(o))
                o = entry.end
                at += length
                recordStarts.append(at)
            }
        }
        guard o == directory.count else { throw damaged("directory length mismatch") }
        return Parsed(users: UserList(directory: directory, offsets: offsets, suites: suites, issuerField: issuerField),
                      recordStarts: recordStarts)
    }

    /// The directory of `users` in the format this build writes (4), whose records have `recordLengths`.
    static func encode(_ users: [UserEntry], recordLengths: [Int]) -> [UInt8] {
        precondition(users.count == recordLengths.count)
        var suites: [UserSuite] = []
        var suiteIndex: [UserSuite: UInt8] = [:]
        for u in users where suiteIndex[u.suite] == nil {
            precondition(suites.count < VaultLayout.maxSuites, "more than \(VaultLayout.maxSuites) distinct suites")
            suiteIndex[u.suite] = UInt8(suites.count)
            suites.append(u.suite)
        }
        var w = ByteWriter()
        w.u8(UInt8(suites.count))
        for s in suites { w.short(Array(s.text.utf8)) }
        for (u, length) in zip(users, recordLengths) {
            w.short(Array(u.name.utf8))
            w.u8(suiteIndex[u.suite]!)
            w.i64(u.enrolledAt)
            w.u16(UInt16(length))
            w.short(Array((u.issuer ?? "").utf8))
        }
        return w.bytes
    }
}
