/// Format 2 (Docs/VAULT.md): a small checksummed fixed header (slots,
/// attempt counters, sizes, and the checksums of the rest), the user
/// directory, one sealed record per user, then two counter cells per user.
///
/// Why this shape: `respond` must store a new counter durably before it prints,
/// and must not cost more with 10 000 users than with one. So a record is
/// sealed on its own (only the answering user's is read and decrypted), a
/// counter update overwrites one 32-byte cell in place (one `pwrite` and one
/// `fdatasync`, no rewrite of the file), and `respond` checks only the fixed
/// header's checksum: hashing a 10 000-user directory would cost more than the
/// rest of its work. The two cells per user alternate: an interrupted write can
/// only spoil the cell being written, and the other still holds the previous value.
struct VaultLayoutV2 {
    static let version: UInt16 = 2
    static let checksumSize = 32
    static let cellSize = 32
    static let cellsPerUser = 2
    static var cellPairSize: Int { cellSize * cellsPerUser }
    /// nonce ‖ ciphertext of: version, key (≤ 64), PIN hash (≤ 64), plus the tag.
    static let minRecordSize = 24 + 3 + 16
    static let maxRecordSize = 24 + 3 + 64 + 64 + 16

    /// Offset of the failed-PIN counter (the failed-recovery counter follows).
    let attemptsOffset: Int
    /// Fixed header length F: bytes 0..<F are checksummed; the checksum follows.
    let headerLength: Int
    /// Bytes 0..<F+32 as verified by the parse.
    let verifiedHeader: [UInt8]
    let directoryRange: Range<Int>
    let directoryChecksum: [UInt8]
    /// Records: user i's sealed record is `recordStarts[i] ..< recordStarts[i+1]`.
    let recordStarts: [Int]
    let recordsChecksum: [UInt8]
    /// Where the counter cells start (a multiple of 32).
    let cellsOffset: Int
    let fileSize: Int

    var recordsStart: Int { recordStarts.first! }
    var recordsEnd: Int { recordStarts.last! }
    func recordRange(_ i: Int) -> Range<Int> { recordStarts[i]..<recordStarts[i + 1] }
    func cellsRange(_ i: Int) -> Range<Int> { (cellsOffset + Self.cellPairSize * i)..<(cellsOffset + Self.cellPairSize * (i + 1)) }

    static func align(_ n: Int) -> Int { (n + cellSize - 1) / cellSize * cellSize }

    // MARK: parse

    static func parse(prefix: [UInt8], source: VaultSource, as container: ContainerKind,
                      verification: VaultVerification) throws -> SealedVault {
        func damaged(_ why: String) -> IBKeyError { .damaged("\(container.noun) damaged: \(why)") }
        guard prefix.count >= 14 else { throw damaged("the file is truncated") }
        let headerLength = Int(UInt32(prefix[10]) << 24 | UInt32(prefix[11]) << 16 | UInt32(prefix[12]) << 8 | UInt32(prefix[13]))
        guard headerLength >= 16 + 80, headerLength <= 16 + 2 * KeySlot.encodedSize + 80 else { throw damaged("bad header length") }
        guard headerLength + checksumSize <= prefix.count else { throw damaged("the file is truncated") }
        let header = Array(prefix[0..<(headerLength + checksumSize)]) // kept as `verifiedHeader`
        let sum = header.withUnsafeBytes { BLAKE2b.hash(UnsafeRawBufferPointer(rebasing: $0[0..<headerLength])) }
        guard ConstantTime.equals(sum, Array(header[headerLength...])) else {
            throw damaged("checksum mismatch (the file is truncated or was altered)")
        }
        do {
            var r = ByteReader(header, offset: 14)
            guard let level = KDFLevel(code: try r.u8()) else { throw damaged("unknown KDF level") }
            let slotCount = Int(try r.u8())
            guard slotCount == (container == .vault ? 2 : 1) else { throw damaged("wrong number of key slots") }
            let slots = try KeySlot.readAll(slotCount, from: &r, damaged: damaged)
            let attemptsOffset = r.offset
            let failedPIN = try r.u16()
            let failedRecovery = try r.u16()
            let userCount = Int(try r.u32())
            let directoryLength = Int(try r.u32())
            let recordsLength = Int(try r.u32())
            let directoryChecksum = Array(try r.take(checksumSize))
            let recordsChecksum = Array(try r.take(checksumSize))
            guard r.offset == headerLength else { throw damaged("header length mismatch") }
            guard userCount <= SealedVault.maxUsers else { throw damaged("too many users") }
            let directoryStart = headerLength + checksumSize
            let recordsStart = directoryStart + directoryLength
            let cellsOffset = align(recordsStart + recordsLength)
            let expected = cellsOffset + cellPairSize * userCount
            guard directoryLength <= SealedVault.maxFileSize, recordsLength <= SealedVault.maxFileSize,
                  source.size >= expected else { throw damaged("the file is truncated") }
            guard source.size == expected else { throw damaged("trailing bytes") }
            let directory = directoryStart + directoryLength <= prefix.count
                ? Array(prefix[directoryStart..<(directoryStart + directoryLength)]) : try source.read(directoryStart, directoryLength)
            guard directory.count == directoryLength else { throw damaged("the file is truncated") }
            if verification == .full {
                guard ConstantTime.equals(BLAKE2b.hash(directory), directoryChecksum) else {
                    throw damaged("checksum mismatch in the user directory (the file was altered)")
                }
            }
            let (users, recordStarts) = try parseDirectory(directory, count: userCount, recordsStart: recordsStart, damaged: damaged)
            guard recordStarts.last! == recordsStart + recordsLength else { throw damaged("record lengths do not add up") }
            let layout = VaultLayoutV2(attemptsOffset: attemptsOffset, headerLength: headerLength,
                                       verifiedHeader: header,
                                       directoryRange: directoryStart..<recordsStart, directoryChecksum: directoryChecksum,
                                       recordStarts: recordStarts, recordsChecksum: recordsChecksum,
                                       cellsOffset: cellsOffset, fileSize: expected)
            if verification == .full { try layout.verifyRecords(source: source, damaged: damaged) }
            return SealedVault(container: container, version: version, kdfLevel: level, slots: slots, users: users,
                               failedPINAttempts: failedPIN, failedRecoveryAttempts: failedRecovery,
                               layout: .v2(layout), source: source)
        } catch is ByteReader.TruncatedInput {
            throw damaged("the file is truncated")
        }
    }

    /// The suite table, then one entry per user. One pass over the raw bytes
    /// that validates each entry and keeps only its offset (`respond` reads
    /// this every time); entries are decoded when asked for (UserList).
    private static func parseDirectory(_ directory: [UInt8], count userCount: Int, recordsStart: Int,
                                       damaged: (String) -> IBKeyError) throws -> (UserList, [Int]) {
        var r = ByteReader(directory)
        var suites: [String] = []
        for _ in 0..<Int(try r.u8()) {
            let text = try r.take(Int(try r.u8()))
            guard !text.isEmpty, UserEntry.isSuiteText(text) else { throw damaged("bad suite text") }
            suites.append(String(decoding: text, as: UTF8.self))
        }
        var offsets: [Int32] = []
        offsets.reserveCapacity(userCount)
        var recordStarts: [Int] = []
        recordStarts.reserveCapacity(userCount + 1)
        var at = recordsStart
        recordStarts.append(at)
        var o = r.offset
        let end = directory.count
        try directory.withUnsafeBufferPointer { b in
            for _ in 0..<userCount {
                guard o < end else { throw ByteReader.TruncatedInput() }
                let nameLength = Int(b[o])
                guard nameLength >= 1, nameLength <= UserEntry.maxNameBytes else { throw damaged("bad user name") }
                guard o + 1 + nameLength + 11 <= end else { throw ByteReader.TruncatedInput() }
                let nameBytes = UnsafeBufferPointer(rebasing: b[(o + 1)..<(o + 1 + nameLength)])
                // No control characters (they would reach the terminal through
                // `users`), and valid UTF-8.
                guard !nameBytes.contains(where: { $0 < 0x20 || $0 == 0x7F }),
                      nameBytes.allSatisfy({ $0 < 0x80 }) || String(validating: nameBytes, as: UTF8.self) != nil else {
                    throw damaged("bad user name")
                }
                offsets.append(Int32(o))
                o += 1 + nameLength
                guard Int(b[o]) < suites.count else { throw damaged("unknown suite index") }
                let length = Int(b[o + 9]) << 8 | Int(b[o + 10])
                o += 11
                guard length >= minRecordSize, length <= maxRecordSize else { throw damaged("bad record length") }
                at += length
                recordStarts.append(at)
            }
        }
        guard o == end else { throw damaged("directory length mismatch") }
        return (UserList(header: directory, offsets: offsets, suites: suites), recordStarts)
    }

    /// The directory checksum (skipped by `respond`'s header-only read).
    func verifyDirectory(source: VaultSource, noun: String) throws {
        let directory = try source.read(directoryRange.lowerBound, directoryRange.count)
        guard directory.count == directoryRange.count, ConstantTime.equals(BLAKE2b.hash(directory), directoryChecksum) else {
            throw IBKeyError.damaged("\(noun) damaged: checksum mismatch in the user directory (the file was altered)")
        }
    }

    /// The records checksum and the zero padding before the cells.
    private func verifyRecords(source: VaultSource, damaged: (String) -> IBKeyError) throws {
        let area = try source.read(recordsStart, cellsOffset - recordsStart)
        guard area.count == cellsOffset - recordsStart else { throw damaged("the file is truncated") }
        let records = recordsEnd - recordsStart
        let sum = area.withUnsafeBytes { BLAKE2b.hash(UnsafeRawBufferPointer(rebasing: $0[0..<records])) }
        guard ConstantTime.equals(sum, recordsChecksum) else {
            throw damaged("checksum mismatch in the user records (the file was altered)")
        }
        guard area[records...].allSatisfy({ $0 == 0 }) else { throw damaged("padding is not zero") }
    }

    // MARK: serialise

    /// A whole format-2 file.
    static func serialize(container: ContainerKind, level: KDFLevel, slots: [KeySlot], failedPIN: UInt16, failedRecovery: UInt16,
                          users: [UserEntry], records: [[UInt8]], cells: [[UInt8]]) -> [UInt8] {
        precondition(users.count == records.count && users.count == cells.count)
        var suites: [String] = []
        var suiteIndex: [String: UInt8] = [:]
        for u in users where suiteIndex[u.suite] == nil {
            precondition(suites.count < 255, "more than 255 distinct suites")
            suiteIndex[u.suite] = UInt8(suites.count)
            suites.append(u.suite)
        }
        var directory = ByteWriter()
        directory.u8(UInt8(suites.count))
        for s in suites { directory.short(Array(s.utf8)) }
        for (u, record) in zip(users, records) {
            directory.short(Array(u.name.utf8)); directory.u8(suiteIndex[u.suite]!); directory.i64(u.enrolledAt); directory.u16(UInt16(record.count))
        }
        var recordArea: [UInt8] = []
        recordArea.reserveCapacity(records.reduce(0) { $0 + $1.count })
        for r in records { recordArea.append(contentsOf: r) }

        var w = ByteWriter()
        w.raw(container.magic)
        w.u16(version)
        w.u32(0) // header length, patched below
        w.u8(level.code)
        w.u8(UInt8(slots.count))
        for s in slots { s.write(to: &w) }
        w.u16(failedPIN); w.u16(failedRecovery)
        w.u32(UInt32(users.count)); w.u32(UInt32(directory.bytes.count)); w.u32(UInt32(recordArea.count))
        w.raw(BLAKE2b.hash(directory.bytes))
        w.raw(BLAKE2b.hash(recordArea))
        let headerLength = w.bytes.count
        for i in 0..<4 { w.bytes[10 + i] = UInt8(truncatingIfNeeded: UInt32(headerLength) >> (24 - 8 * UInt32(i))) }
        w.raw(BLAKE2b.hash(w.bytes))
        w.raw(directory.bytes)
        w.raw(recordArea)
        w.raw([UInt8](repeating: 0, count: align(w.bytes.count) - w.bytes.count))
        for c in cells { precondition(c.count == cellPairSize); w.raw(c) }
        return w.bytes
    }

    /// The file as on disk with new attempt counters and a new header checksum.
    func serialized(source: VaultSource, failedPIN: UInt16, failedRecovery: UInt16) throws -> [UInt8] {
        var bytes = try source.readAll()
        guard bytes.count == fileSize else { throw IBKeyError.damaged("vault damaged: the file changed while it was read") }
        // The header is read again here: it must still carry its own checksum,
        // or a new checksum would bless bytes nobody verified.
        guard ConstantTime.equals(BLAKE2b.hash(Array(bytes[0..<headerLength])),
                                        Array(bytes[headerLength..<(headerLength + Self.checksumSize)])) else {
            throw IBKeyError.damaged("vault damaged: checksum mismatch (the file is truncated or was altered)")
        }
        bytes[attemptsOffset] = UInt8(failedPIN >> 8); bytes[attemptsOffset + 1] = UInt8(failedPIN & 0xFF)
        bytes[attemptsOffset + 2] = UInt8(failedRecovery >> 8); bytes[attemptsOffset + 3] = UInt8(failedRecovery & 0xFF)
        let sum = bytes.withUnsafeBytes { BLAKE2b.hash(UnsafeRawBufferPointer(rebasing: $0[0..<headerLength])) }
        bytes.replaceSubrange(headerLength..<(headerLength + Self.checksumSize), with: sum)
        return bytes
    }
}
