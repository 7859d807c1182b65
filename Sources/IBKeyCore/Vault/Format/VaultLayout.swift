/// Every size and offset of the vault and backup container, named once.
/// Docs/VAULT.md is the specification; each group cites its section there.
enum VaultLayout {
    // MARK: "Layout": the prefix every format shares

    /// `IBKEYVLT` or `IBKEYBAK`.
    static let magicRange = 0..<8
    /// Format version, big-endian u16.
    static let versionRange = 8..<10
    /// Formats 2 and 3: the fixed header length F, big-endian u32 (format 1:
    /// its header length H, the same way).
    static let headerLengthRange = 10..<14
    /// Then, formats 1 and 2: the KDF level byte (informational), the slot
    /// count, the slots; format 3: the slot count, the slots.
    static let headerFieldsOffset = 14
    /// Formats 2 and 3: after the slots come the failed PIN and failed recovery PIN
    /// counts (2 each), the user count, directory length and records length
    /// (4 each), and the directory and records checksums. Format 4 moves the
    /// counts out of the header, into the attempt cells.
    static let attemptCountersSize = 4
    static func sizesAfterSlots(_ version: UInt16) -> Int {
        (version >= 4 ? 0 : attemptCountersSize) + 4 + 4 + 4 + 2 * checksumSize
    }

    // MARK: "Attempt cells" (format 4)

    /// Two cells right after the header checksum, each failed PIN (2) ‖
    /// failed recovery PIN (2) ‖ zero (12) ‖ check (16): overwritten in place
    /// when an attempt is counted, before the key derivation's result is used.
    static let attemptCellSize = 32
    static let attemptCellsSize = 2 * attemptCellSize

    /// Slots in a vault (PIN and recovery PIN) and in a backup (recovery PIN).
    static func slotCount(_ container: ContainerKind) -> Int { container == .vault ? 2 : 1 }

    // MARK: "Keys"

    /// Every checksum is BLAKE2b-256, unkeyed.
    static let checksumSize = 32
    static let nonceSize = XChaCha20Poly1305.nonceBytes
    static let tagSize = XChaCha20Poly1305.tagBytes
    /// The data key, and every key-encryption key.
    static let keySize = 32

    // MARK: "Record"

    /// Record plaintext: version (1), key length (1), key, PIN-hash length (1), PIN hash.
    static let recordPlaintextFixedSize = 3
    /// OCRA keys of 16 to 128 bytes (formats 1 and 2 only ever held 20, 32 or 64).
    static let ocraKeySizes = 16...128
    /// Any entry's key: TOTP and HOTP keys may be 10 bytes (format 4 on).
    static let keySizes = 10...128
    static let maxKeySize = keySizes.upperBound
    static let maxPINHashSize = 64
    /// A record is its nonce, then the sealed plaintext and its tag: at least a
    /// 16-byte key before format 4 (OCRA only), a 10-byte one from format 4 on.
    static func minRecordSize(_ version: UInt16) -> Int {
        nonceSize + recordPlaintextFixedSize + (version >= 4 ? keySizes.lowerBound : ocraKeySizes.lowerBound) + tagSize
    }
    static let maxRecordSize = nonceSize + recordPlaintextFixedSize + maxKeySize + maxPINHashSize + tagSize
    /// The record nonce opens each record; the counter-cell tags cover it.
    static func recordNonce(_ record: [UInt8]) -> ArraySlice<UInt8> { record[0..<nonceSize] }
    static func recordCiphertext(_ record: [UInt8]) -> ArraySlice<UInt8> { record[nonceSize...] }

    // MARK: "Counter cells"

    /// A cell: counter (8) ‖ tag (16) ‖ zero (8).
    static let cellSize = 32
    static let cellCounterSize = 8
    static let cellTagSize = 16
    static let cellsPerUser = 2
    static let cellPairSize = cellSize * cellsPerUser

    /// Cells start at a multiple of the cell size, after zero padding.
    static func alignToCell(_ offset: Int) -> Int { (offset + cellSize - 1) / cellSize * cellSize }

    // MARK: bounds (Docs/VAULT.md, "Directory": the limits every suite fits)

    /// Files larger than this are refused before being parsed.
    static let maxFileSize = 64 << 20
    static let maxUsers = 100_000
    /// The suite table is indexed by one byte.
    static let maxSuites = 255

    /// The attempt counters of the fixed header, as every format bounds them:
    /// a wrong attempt is never counted past the block, and a backup counts none.
    static func checkAttemptCounters(_ failedPIN: UInt16, _ failedRecovery: UInt16, in container: ContainerKind,
                                     damaged: (String) -> IBKeyError) throws {
        let maxAttempts = container == .backup ? 0 : PINPolicy.maxFailedAttempts
        guard failedPIN <= maxAttempts, failedRecovery <= maxAttempts else { throw damaged("attempt counter out of range") }
    }
}
