/// The on-disk container shared by the vault (`IBKEYVLT`) and backups
/// (`IBKEYBAK`). Docs/VAULT.md specifies it byte by byte. Format 2 is written;
/// format 1 (VaultFormatV1.swift) is still read and upgraded at the next write.
public enum ContainerKind: Sendable {
    case vault, backup

    var magic: [UInt8] { Array((self == .vault ? "IBKEYVLT" : "IBKEYBAK").utf8) }
    var noun: String { self == .vault ? "vault" : "backup" }
}

/// One key slot: the data key wrapped under a key derived from a PIN.
public struct KeySlot: Sendable, Equatable {
    public enum Kind: UInt8, Sendable { case pin = 1, recovery = 2 }
    public static let argon2id13: UInt8 = 2
    public static let encodedSize = 1 + 1 + 4 + 4 + 16 + 24 + 48
    /// The version field inside the slot AAD. It stays 1 in format 2, so a
    /// format-1 vault is upgraded by copying its slots (the recovery PIN is
    /// not at hand when `respond` upgrades a vault).
    static let aadVersion: UInt16 = 1

    public var kind: Kind
    public var kdf: KDFParameters
    public var salt: [UInt8]
    public var nonce: [UInt8]
    public var wrappedKey: [UInt8]

    /// The associated data of the wrap: format identity and everything the KDF
    /// depends on, so a file edited to a cheaper KDF cannot be unwrapped.
    func associatedData(kind container: ContainerKind) -> [UInt8] {
        var w = ByteWriter()
        w.raw(container.magic); w.u16(Self.aadVersion)
        w.u8(kind.rawValue); w.u8(Self.argon2id13); w.u32(UInt32(kdf.opsLimit)); w.u32(kdf.memLimitKiB); w.raw(salt)
        return w.bytes
    }

    /// Wraps `dataKey` under a key derived from `pin`.
    static func make(kind: Kind, kdf: KDFParameters, pin: SecureBytes, dataKey: SecureBytes, container: ContainerKind) throws -> KeySlot {
        var slot = KeySlot(kind: kind, kdf: kdf, salt: Sodium.randomBytes(Sodium.saltBytes),
                           nonce: Sodium.randomBytes(Sodium.aeadNonceBytes), wrappedKey: [])
        let kek = try kdf.deriveKey(from: pin, salt: slot.salt)
        slot.wrappedKey = Sodium.seal(dataKey, key: kek, nonce: slot.nonce, aad: slot.associatedData(kind: container))
        return slot
    }

    /// The data key, or nil when the PIN is wrong.
    func unwrap(pin: SecureBytes, container: ContainerKind) throws -> SecureBytes? {
        let kek = try kdf.deriveKey(from: pin, salt: salt)
        return Sodium.open(wrappedKey[...], key: kek, nonce: nonce[...], aad: associatedData(kind: container)[...])
    }

    func write(to w: inout ByteWriter) {
        w.u8(kind.rawValue); w.u8(Self.argon2id13)
        w.u32(UInt32(kdf.opsLimit)); w.u32(kdf.memLimitKiB)
        w.raw(salt); w.raw(nonce); w.raw(wrappedKey)
    }

    /// Reads `count` slots (both formats lay them out the same way).
    static func readAll(_ count: Int, from r: inout ByteReader, damaged: (String) -> IBKeyError) throws -> [KeySlot] {
        var slots: [KeySlot] = []
        for _ in 0..<count {
            guard let kind = Kind(rawValue: try r.u8()) else { throw damaged("unknown key slot kind") }
            guard try r.u8() == argon2id13 else { throw damaged("unknown key derivation") }
            let kdf = KDFParameters(opsLimit: UInt64(try r.u32()), memLimitKiB: try r.u32())
            guard kdf.isWithinBounds else { throw damaged("key derivation cost out of bounds") }
            slots.append(KeySlot(kind: kind, kdf: kdf, salt: Array(try r.take(16)),
                                 nonce: Array(try r.take(24)), wrappedKey: Array(try r.take(48))))
        }
        guard Set(slots.map(\.kind.rawValue)).count == slots.count else { throw damaged("duplicate key slot") }
        return slots
    }
}

/// What `users` and `status` show without a PIN. Stored in the clear in the
/// header and bound to the user's sealed record as associated data.
public struct UserEntry: Sendable, Equatable {
    public var name: String
    public var suite: String
    public var enrolledAt: Int64

    public init(name: String, suite: String, enrolledAt: Int64) {
        self.name = name; self.suite = suite; self.enrolledAt = enrolledAt
    }

    public static let maxNameBytes = 64

    /// A user name: 1–64 bytes of UTF-8, no control characters, no leading or trailing blank.
    public static func validateName(_ name: String) throws {
        let b = Array(name.utf8)
        guard !b.isEmpty, b.count <= maxNameBytes else {
            throw IBKeyError.usage("user name must be 1 to \(maxNameBytes) bytes, got \(b.count)")
        }
        guard !b.contains(where: { $0 < 0x20 || $0 == 0x7F }), b.first != 0x20, b.last != 0x20 else {
            throw IBKeyError.usage("user name must not contain control characters or leading/trailing spaces")
        }
    }

    /// An OCRA suite as stored: printable ASCII, no blanks (the suite parser
    /// checks the rest when the suite is used).
    static func isSuiteText(_ bytes: ArraySlice<UInt8>) -> Bool {
        bytes.allSatisfy { $0 > 0x20 && $0 < 0x7F }
    }

    /// Decodes UTF-8, refusing invalid sequences (which decoding would replace).
    /// Non-generic on purpose: this runs once per user on every read.
    static func validUTF8(_ bytes: ArraySlice<UInt8>) -> String? {
        // ASCII, the common case, is always valid; only other text pays for validation.
        bytes.allSatisfy({ $0 < 0x80 }) ? String(decoding: bytes, as: UTF8.self) : String(validating: bytes, as: UTF8.self)
    }
}

/// How much of a vault file a reader checks.
public enum VaultVerification: Sendable {
    /// Header checksum, structure and file length: enough to pick a user,
    /// unlock, and open that user's authenticated record (`respond`).
    case header
    /// Also the checksum of every record and the padding: any damaged byte
    /// outside the counter cells is reported (everything else).
    case full
}

/// A vault or backup as read from disk, still locked: everything needed to
/// show status, pick a user and count failed attempts, without any key.
public struct SealedVault: @unchecked Sendable {
    /// The version this build writes.
    public static let currentVersion: UInt16 = 2
    /// Files larger than this are refused before being parsed.
    public static let maxFileSize = 64 << 20
    public static let maxUsers = 100_000

    public let container: ContainerKind
    /// The format version of the file as read (1 or 2).
    public let version: UInt16
    public let kdfLevel: KDFLevel
    public let slots: [KeySlot]
    public let users: UserList
    public var failedPINAttempts: UInt16
    public var failedRecoveryAttempts: UInt16

    enum Layout {
        case v1(LegacyBody)
        case v2(VaultLayoutV2)
    }
    let layout: Layout
    let source: VaultSource

    public func slot(_ kind: KeySlot.Kind) -> KeySlot? { slots.first { $0.kind == kind } }

    /// Checks the directory against its checksum. A header-only read skips this;
    /// call it before telling a user a name is unknown, so that a damaged
    /// directory reads as damage (exit 6), not as a missing user.
    public func verifyDirectory() throws {
        if case .v2(let layout) = layout { try layout.verifyDirectory(source: source, noun: container.noun) }
    }

    /// The same parse, reading records and cells from another open file with the same header.
    func reading(from source: VaultSource) -> SealedVault {
        SealedVault(container: container, version: version, kdfLevel: kdfLevel, slots: slots, users: users,
                    failedPINAttempts: failedPINAttempts, failedRecoveryAttempts: failedRecoveryAttempts,
                    layout: layout, source: source)
    }

    /// Parses a whole file held in memory, fully verified. Every failure is
    /// `.damaged` or `.unsupportedVersion` (exit 6), never a wrong PIN.
    public static func parse(_ bytes: [UInt8], as container: ContainerKind) throws -> SealedVault {
        try read(VaultSource(bytes: bytes), as: container, verification: .full)
    }

    /// Parses from a source, reading only what `verification` needs.
    public static func read(_ source: VaultSource, as container: ContainerKind, verification: VaultVerification) throws -> SealedVault {
        let noun = container.noun
        func damaged(_ why: String) -> IBKeyError { .damaged("\(noun) damaged: \(why)") }
        guard source.size > 0 else { throw damaged("the file is empty") }
        guard source.size <= maxFileSize else { throw damaged("the file is larger than \(maxFileSize >> 20) MiB") }
        let prefix = try source.read(0, 64 << 10)
        guard prefix.count >= 8, Array(prefix[0..<8]) == container.magic else { throw damaged("not an ibkey \(noun) file") }
        guard prefix.count >= 10 else { throw damaged("the file is truncated") }
        let version = UInt16(prefix[8]) << 8 | UInt16(prefix[9])
        switch version {
        case 1: return try LegacyBody.parse(try source.readAll(), as: container, source: source)
        case 2: return try VaultLayoutV2.parse(prefix: prefix, source: source, as: container, verification: verification)
        default: throw IBKeyError.unsupportedVersion(what: "the \(noun)", version: Int(version))
        }
    }

    /// The same file with the attempt counters as set here. Needs no key: the
    /// counters are covered by the header checksum but by no associated data.
    public func serialized() throws -> [UInt8] {
        switch layout {
        case .v1(let body): return body.serialized(failedPIN: failedPINAttempts, failedRecovery: failedRecoveryAttempts)
        case .v2(let l): return try l.serialized(source: source, failedPIN: failedPINAttempts, failedRecovery: failedRecoveryAttempts)
        }
    }

    /// Opens with the PIN (or recovery PIN) of `slot`. Returns nil for a wrong PIN.
    public func unlock(_ kind: KeySlot.Kind, pin: SecureBytes) throws -> UnlockedVault? {
        guard let dataKey = try dataKey(kind, pin: pin) else { return nil }
        return try open(dataKey: dataKey)
    }

    /// The data key from the slot of `kind`, or nil for a wrong PIN.
    func dataKey(_ kind: KeySlot.Kind, pin: SecureBytes) throws -> SecureBytes? {
        guard let slot = slot(kind) else { throw IBKeyError.damaged("\(container.noun) damaged: key slot missing") }
        return try slot.unwrap(pin: pin, container: container)
    }

    /// Format 2 decrypts nothing more until a user's record is asked for;
    /// format 1 decrypts its single body here (`.damaged` if it does not open).
    func open(dataKey: SecureBytes) throws -> UnlockedVault {
        let vault: UnlockedVault
        switch layout {
        case .v1(let body): vault = try UnlockedVault(upgrading: self, body: body, dataKey: dataKey)
        case .v2(let l): vault = UnlockedVault(sealed: self, layout: l, dataKey: dataKey)
        }
        vault.failedPINAttempts = failedPINAttempts
        vault.failedRecoveryAttempts = failedRecoveryAttempts
        return vault
    }
}

/// What a record holds for one user. Keys and PIN hashes stay inside guarded
/// buffers. `counter` is the next counter value (from the counter cells).
public struct UserSecret {
    public var counter: UInt64
    public var key: SecretRef
    public var pinHash: SecretRef?

    public init(counter: UInt64, key: SecretRef, pinHash: SecretRef?) {
        self.counter = counter; self.key = key; self.pinHash = pinHash
    }
}
