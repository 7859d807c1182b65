/// Formats 2, 3 and 4 (Docs/VAULT.md, "Layout"): a small checksummed fixed
/// header (slots, sizes, and the checksums of the rest), the user directory,
/// one sealed record per user, then two counter cells per user. Format 4 is
/// written; 2 and 3 are read and upgraded at the next write. They differ in
/// the fixed header's start (format 2 has a KDF level byte), the slot kinds a
/// file may hold (3 from format 3 on, 4 from format 4 on), and where the
/// failed-attempt counts live: in the header up to format 3, in two attempt
/// cells after it from format 4 on (overwritten in place, so that an attempt
/// is counted before it is tried); format 4's directory also holds each
/// entry's issuer and may name TOTP and HOTP suites.
///
/// Why this shape: `respond` must store a new counter durably before it prints,
/// and must not cost more with 10 000 users than with one. So a record is
/// sealed on its own (only the answering user's is read and decrypted), a
/// counter update overwrites the 64 bytes of one user's counter cells in place
/// (no rewrite of the file), and `respond` checks only the fixed header's
/// checksum: hashing a 10 000-user directory would cost more than the rest of
/// its work.
///
/// A value of this type is where things are in one parsed file.
struct RecordFormat {
    /// The versions with this layout; `written` is the one this build writes.
    static let versions: ClosedRange<UInt16> = 2...4
    static let written: UInt16 = 4

    let version: UInt16

    /// Formats 2 and 3: offset of the failed-PIN count in the header (the
    /// failed-recovery count follows). Format 4: offset of the attempt cells.
    let attemptsOffset: Int
    /// Fixed header length F: bytes 0..<F are checksummed; the checksum follows.
    let headerLength: Int
    /// Bytes 0..<F+32 as verified by the parse.
    let verifiedHeader: [UInt8]
    /// Format 4: which attempt cell a raise writes first.
    let firstAttemptCell: Int
    let directoryRange: Range<Int>
    let directoryChecksum: [UInt8]
    /// Records: user i's sealed record is `recordStarts[i] ..< recordStarts[i+1]`.
    let recordStarts: [Int]
    let recordsChecksum: [UInt8]
    /// Where the counter cells start (a multiple of the cell size).
    let cellsOffset: Int
    let fileSize: Int

    var recordsStart: Int { recordStarts.first! }
    var recordsEnd: Int { recordStarts.last! }
    var headerChecksum: ArraySlice<UInt8> { verifiedHeader[headerLength...] }
    var hasAttemptCells: Bool { version >= 4 }
    func recordRange(_ i: Int) -> Range<Int> { recordStarts[i]..<recordStarts[i + 1] }
    func cellsRange(_ i: Int) -> Range<Int> {
        (cellsOffset + VaultLayout.cellPairSize * i)..<(cellsOffset + VaultLayout.cellPairSize * (i + 1))
    }

    /// Where the slots start: after the slot count, and in format 2 after the level byte before it.
    static func slotsOffset(_ version: UInt16) -> Int {
        VaultLayout.headerFieldsOffset + (version == 2 ? 2 : 1)
    }

    /// The bounds of the fixed header's length F in `version`: a backup's one
    /// wrap slot at the least, a vault's PIN slot and largest recovery slot at most.
    static func headerLengths(_ version: UInt16) -> ClosedRange<Int> {
        let fixed = slotsOffset(version) + VaultLayout.sizesAfterSlots(version)
        let largestRecovery = switch version {
        case 2: KeySlot.wrapSize
        case 3: KeySlot.publicKeySize
        default: KeySlot.provenSize
        }
        return (fixed + KeySlot.wrapSize)...(fixed + KeySlot.wrapSize + largestRecovery)
    }

    // MARK: parse

    /// Parses a format-2, -3 or -4 file. `prefix` is its first bytes (the whole
    /// fixed header when the file is well-formed); the rest is read from
    /// `source` only as `verification` needs.
    static func parse(prefix: [UInt8], source: VaultSource, as container: ContainerKind,
                      verification: VaultVerification) throws -> SealedVault {
        func damaged(_ why: String) -> IBKeyError { .damaged(Damage(container.file, why)) }
        guard prefix.count >= VaultLayout.headerLengthRange.upperBound else { throw damaged("the file is truncated") }
        let headerLength = Int(prefix[VaultLayout.headerLengthRange].reduce(UInt32(0)) { $0 << 8 | UInt32($1) })
        let version = prefix[VaultLayout.versionRange].reduce(UInt16(0)) { $0 << 8 | UInt16($1) }
        guard headerLengths(version).contains(headerLength) else { throw damaged("bad header length") }
        let checksumEnd = headerLength + VaultLayout.checksumSize
        guard checksumEnd <= prefix.count else { throw damaged("the file is truncated") }
        let header = Array(prefix[0..<checksumEnd]) // kept as `verifiedHeader`
        let sum = header.withUnsafeBytes { BLAKE2b.hash(UnsafeRawBufferPointer(rebasing: $0[0..<headerLength])) }
        guard ConstantTime.equals(sum, Array(header[headerLength...])) else {
            throw damaged("checksum mismatch (the file is truncated or was altered)")
        }
        do {
            var r = ByteReader(header, offset: VaultLayout.headerFieldsOffset)
            // Format 2's level byte is not authenticated: only checked, the level comes from the slots.
            if version == 2 { guard KDFLevel(code: try r.u8()) != nil else { throw damaged("unknown KDF level") } }
            let (slots, level) = try KeySlot.readAll(Int(try r.u8()), from: &r, container: container, version: version, damaged: damaged)
            let maxAttempts = container == .backup ? 0 : PINPolicy.maxFailedAttempts
            var attempts = AttemptCells.Counts.zero
            var attemptsOffset = r.offset
            var firstAttemptCell = 0
            var directoryStart = checksumEnd
            if version < 4 {
                attempts = AttemptCells.Counts(pin: try r.u16(), recovery: try r.u16())
                try VaultLayout.checkAttemptCounters(attempts.pin, attempts.recovery, in: container, damaged: damaged)
            } else {
                attemptsOffset = checksumEnd
                directoryStart = checksumEnd + VaultLayout.attemptCellsSize
                guard directoryStart <= prefix.count else { throw damaged("the file is truncated") }
                guard let reading = AttemptCells.read(prefix[checksumEnd..<directoryStart], headerChecksum: header[headerLength...],
                                                      maxAttempts: maxAttempts) else {
                    throw damaged("the failed-attempt counters do not check")
                }
                attempts = reading.counts
                firstAttemptCell = reading.first
            }
            let userCount = Int(try r.u32())
            let directoryLength = Int(try r.u32())
            let recordsLength = Int(try r.u32())
            let directoryChecksum = Array(try r.take(VaultLayout.checksumSize))
            let recordsChecksum = Array(try r.take(VaultLayout.checksumSize))
            guard r.offset == headerLength else { throw damaged("header length mismatch") }
            guard userCount <= VaultLayout.maxUsers else { throw damaged("too many users") }
            let recordsStart = directoryStart + directoryLength
            let cellsOffset = VaultLayout.alignToCell(recordsStart + recordsLength)
            let expected = cellsOffset + VaultLayout.cellPairSize * userCount
            guard directoryLength <= VaultLayout.maxFileSize, recordsLength <= VaultLayout.maxFileSize,
                  source.size >= expected else { throw damaged("the file is truncated") }
            guard source.size == expected else { throw damaged("trailing bytes") }
            let directory = recordsStart <= prefix.count
                ? Array(prefix[directoryStart..<recordsStart]) : try source.read(directoryStart, directoryLength)
            guard directory.count == directoryLength else { throw damaged("the file is truncated") }
            if verification == .full {
                guard ConstantTime.equals(BLAKE2b.hash(directory), directoryChecksum) else {
                    throw damaged("checksum mismatch in the user directory (the file was altered)")
                }
            }
            let parsed = try Directory.parse(directory, count: userCount, recordsStart: recordsStart, version: version, damaged: damaged)
            if verification == .full { try parsed.users.checkDistinctNames(damaged: damaged) }
            guard parsed.recordStarts.last! == recordsStart + recordsLength else { throw damaged("record lengths do not add up") }
            let format = RecordFormat(version: version, attemptsOffset: attemptsOffset, headerLength: headerLength,
                                      verifiedHeader: header, firstAttemptCell: firstAttemptCell,
                                      directoryRange: directoryStart..<recordsStart, directoryChecksum: directoryChecksum,
                                      recordStarts: parsed.recordStarts, recordsChecksum: recordsChecksum,
                                      cellsOffset: cellsOffset, fileSize: expected)
            if verification == .full { try format.verifyRecords(source: source, damaged: damaged) }
            return SealedVault(container: container, version: version, kdfLevel: level, slots: slots, users: parsed.users,
                               failedPINAttempts: attempts.pin, failedRecoveryAttempts: attempts.recovery,
                               layout: .records(format), source: source)
        } catch is ByteReader.TruncatedInput {
            throw damaged("the file is truncated")
        }
    }

    /// The directory checksum (skipped by `respond`'s header-only read).
    func verifyDirectory(source: VaultSource, file: Damage.File) throws {
        let directory = try source.read(directoryRange.lowerBound, directoryRange.count)
        guard directory.count == directoryRange.count, ConstantTime.equals(BLAKE2b.hash(directory), directoryChecksum) else {
            throw IBKeyError.damaged(Damage(file, "checksum mismatch in the user directory (the file was altered)"))
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

    /// A whole file in the format this build writes (4).
    static func serialize(container: ContainerKind, slots: [KeySlot], attempts: AttemptCells.Counts,
                          users: [UserEntry], records: [[UInt8]], cells: [[UInt8]]) -> [UInt8] {
        precondition(users.count == records.count && users.count == cells.count)
        let directory = Directory.encode(users, recordLengths: records.map(\.count))
        var recordArea: [UInt8] = []
        recordArea.reserveCapacity(records.reduce(0) { $0 + $1.count })
        for r in records { recordArea.append(contentsOf: r) }

        var w = ByteWriter()
        w.raw(container.magic)
        w.u16(written)
        let headerLength = slotsOffset(written) + slots.reduce(0) { $0 + $1.encodedSize } + VaultLayout.sizesAfterSlots(written)
        w.u32(UInt32(headerLength))
        w.u8(UInt8(slots.count))
        for s in slots { s.write(to: &w) }
        w.u32(UInt32(users.count)); w.u32(UInt32(directory.count)); w.u32(UInt32(recordArea.count))
        w.raw(BLAKE2b.hash(directory))
        w.raw(BLAKE2b.hash(recordArea))
        precondition(w.bytes.count == headerLength)
        let headerChecksum = BLAKE2b.hash(w.bytes)
        w.raw(headerChecksum)
        w.raw(AttemptCells.pair(attempts, headerChecksum: headerChecksum[...]))
        w.raw(directory)
        w.raw(recordArea)
        w.raw([UInt8](repeating: 0, count: VaultLayout.alignToCell(w.bytes.count) - w.bytes.count))
        for c in cells { precondition(c.count == VaultLayout.cellPairSize); w.raw(c) }
        return w.bytes
    }

    /// Formats 2 and 3 only: the file as on disk with new attempt counts in
    /// the header and a new header checksum (a whole write, made before a PIN
    /// is tried; the first write that has the key upgrades the file to format 4).
    func serialized(source: VaultSource, attempts: AttemptCells.Counts, file: Damage.File) throws -> [UInt8] {
        precondition(!hasAttemptCells)
        var bytes = try source.readAll()
        guard bytes.count == fileSize else { throw IBKeyError.damaged(Damage(file, "the file changed while it was read")) }
        // The header is read again here: it must still carry its own checksum,
        // or a new checksum would bless bytes nobody verified.
        let checksumRange = headerLength..<(headerLength + VaultLayout.checksumSize)
        guard ConstantTime.equals(BLAKE2b.hash(Array(bytes[0..<headerLength])), Array(bytes[checksumRange])) else {
            throw IBKeyError.damaged(Damage(file, "checksum mismatch (the file is truncated or was altered)"))
        }
        var counters = ByteWriter()
        counters.u16(attempts.pin); counters.u16(attempts.recovery)
        bytes.replaceSubrange(attemptsOffset..<(attemptsOffset + VaultLayout.attemptCountersSize), with: counters.bytes)
        let sum = bytes.withUnsafeBytes { BLAKE2b.hash(UnsafeRawBufferPointer(rebasing: $0[0..<headerLength])) }
        bytes.replaceSubrange(checksumRange, with: sum)
        return bytes
    }

    /// Format 4: the attempt cells as they are now in `source` (a file whose
    /// fixed header is this parse's).
    func readAttemptCells(source: VaultSource, container: ContainerKind) throws -> AttemptCells.Reading {
        let bytes = try source.read(attemptsOffset, VaultLayout.attemptCellsSize)
        guard let reading = AttemptCells.read(bytes[...], headerChecksum: headerChecksum,
                                              maxAttempts: container == .backup ? 0 : PINPolicy.maxFailedAttempts) else {
            throw IBKeyError.damaged(Damage(container.file, "the failed-attempt counters do not check"))
        }
        return reading
    }

    /// The same parse with another first attempt cell.
    func with(firstAttemptCell: Int) -> RecordFormat {
        RecordFormat(version: version, attemptsOffset: attemptsOffset, headerLength: headerLength, verifiedHeader: verifiedHeader,
                     firstAttemptCell: firstAttemptCell, directoryRange: directoryRange, directoryChecksum: directoryChecksum,
                     recordStarts: recordStarts, recordsChecksum: recordsChecksum, cellsOffset: cellsOffset, fileSize: fileSize)
    }

    /// Format 4: the in-place writes that store `attempts`: the cell a raise
    /// writes first, then the other.
    func attemptWrites(_ attempts: AttemptCells.Counts) -> [(offset: Int, bytes: [UInt8])] {
        precondition(hasAttemptCells)
        let cell = AttemptCells.cell(attempts, headerChecksum: headerChecksum)
        let first = attemptsOffset + firstAttemptCell * VaultLayout.attemptCellSize
        let second = attemptsOffset + (1 - firstAttemptCell) * VaultLayout.attemptCellSize
        return [(first, cell), (second, cell)]
    }
}
