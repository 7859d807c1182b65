/// The on-disk container shared by the vault (`IBKEYVLT`) and backups
/// (`IBKEYBAK`). Docs/VAULT.md specifies it byte by byte; this type only
/// parses and serialises, it never touches a file.
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

    public var kind: Kind
    public var kdf: KDFParameters
    public var salt: [UInt8]
    public var nonce: [UInt8]
    public var wrappedKey: [UInt8]

    /// The associated data of the wrap: format identity and everything the KDF
    /// depends on, so a file edited to a cheaper KDF cannot be unwrapped.
    func associatedData(kind container: ContainerKind) -> [UInt8] {
        var w = ByteWriter()
        w.raw(container.magic); w.u16(SealedVault.formatVersion)
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
}

/// What `users` and `status` show without a PIN. Stored in the clear in the
/// header and bound to the ciphertext as associated data.
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
}

/// A vault or backup as read from disk, still locked. Everything needed to
/// show status and to count failed attempts, without any key.
public struct SealedVault: Sendable {
    public static let formatVersion: UInt16 = 1
    /// Files larger than this are refused before being parsed.
    public static let maxFileSize = 64 << 20
    public static let maxUsers = 100_000

    public let container: ContainerKind
    public let kdfLevel: KDFLevel
    public let slots: [KeySlot]
    public let users: [UserEntry]
    public var failedPINAttempts: UInt16
    public var failedRecoveryAttempts: UInt16
    let headerBytes: [UInt8]
    let bodyNonce: [UInt8]
    let bodyCiphertext: [UInt8]

    public func slot(_ kind: KeySlot.Kind) -> KeySlot? { slots.first { $0.kind == kind } }

    // MARK: parse

    /// Parses a file. Every failure is `.damaged` or `.unsupportedVersion` (exit 6),
    /// never a wrong PIN: the checksum is verified first.
    public static func parse(_ bytes: [UInt8], as container: ContainerKind) throws -> SealedVault {
        let noun = container.noun
        func damaged(_ why: String) -> IBKeyError { .damaged("\(noun) damaged: \(why)") }
        guard !bytes.isEmpty else { throw damaged("the file is empty") }
        guard bytes.count <= maxFileSize else { throw damaged("the file is larger than \(maxFileSize >> 20) MiB") }
        guard bytes.count >= 8, Array(bytes[0..<8]) == container.magic else {
            throw damaged("not an ibkey \(noun) file")
        }
        guard bytes.count >= 10 else { throw damaged("the file is truncated") }
        let version = UInt16(bytes[8]) << 8 | UInt16(bytes[9])
        guard version == formatVersion else {
            throw IBKeyError.unsupportedVersion(what: "the \(noun)", version: Int(version))
        }
        guard bytes.count >= 10 + 32 else { throw damaged("the file is truncated") }
        let body = Array(bytes[0..<(bytes.count - 32)])
        guard Sodium.constantTimeEquals(Sodium.blake2b(body), Array(bytes[(bytes.count - 32)...])) else {
            throw damaged("checksum mismatch (the file is truncated or was altered)")
        }
        do {
            var r = ByteReader(body, offset: 10)
            let headerLength = Int(try r.u32())
            guard headerLength <= body.count, headerLength >= 16 else { throw damaged("bad header length") }
            guard let level = KDFLevel(code: try r.u8()) else { throw damaged("unknown KDF level") }
            let slotCount = Int(try r.u8())
            guard slotCount == (container == .vault ? 2 : 1) else { throw damaged("wrong number of key slots") }
            var slots: [KeySlot] = []
            for _ in 0..<slotCount {
                guard let kind = KeySlot.Kind(rawValue: try r.u8()) else { throw damaged("unknown key slot kind") }
                guard try r.u8() == KeySlot.argon2id13 else { throw damaged("unknown key derivation") }
                let kdf = KDFParameters(opsLimit: UInt64(try r.u32()), memLimitKiB: try r.u32())
                guard kdf.isWithinBounds else { throw damaged("key derivation cost out of bounds") }
                slots.append(KeySlot(kind: kind, kdf: kdf, salt: Array(try r.take(16)),
                                     nonce: Array(try r.take(24)), wrappedKey: Array(try r.take(48))))
            }
            guard Set(slots.map(\.kind.rawValue)).count == slots.count else { throw damaged("duplicate key slot") }
            let userCount = Int(try r.u32())
            guard userCount <= maxUsers else { throw damaged("too many users") }
            var users: [UserEntry] = []
            users.reserveCapacity(userCount)
            // Most users share a suite: reuse its String instead of decoding it again.
            var lastSuite: (bytes: ArraySlice<UInt8>, text: String) = ([], "")
            for _ in 0..<userCount {
                guard let name = validUTF8(try r.take(Int(try r.u8()))) else { throw damaged("user name is not UTF-8") }
                let suiteBytes = try r.take(Int(try r.u8()))
                if suiteBytes != lastSuite.bytes {
                    guard let text = validUTF8(suiteBytes) else { throw damaged("suite is not UTF-8") }
                    lastSuite = (suiteBytes, text)
                }
                users.append(UserEntry(name: name, suite: lastSuite.text, enrolledAt: try r.i64()))
            }
            guard r.offset == headerLength else { throw damaged("header length mismatch") }
            let failedPIN = try r.u16()
            let failedRecovery = try r.u16()
            let nonce = Array(try r.take(24))
            let n = Int(try r.u32())
            let ciphertext = Array(try r.take(n))
            guard r.remaining == 0 else { throw damaged("trailing bytes") }
            return SealedVault(container: container, kdfLevel: level, slots: slots, users: users,
                               failedPINAttempts: failedPIN, failedRecoveryAttempts: failedRecovery,
                               headerBytes: Array(body[0..<headerLength]), bodyNonce: nonce, bodyCiphertext: ciphertext)
        } catch is ByteReader.TruncatedInput {
            throw damaged("the file is truncated")
        }
    }

    /// Decodes UTF-8, refusing invalid sequences (which decoding would replace).
    /// Non-generic on purpose: this runs once per user on every unlock.
    static func validUTF8(_ bytes: ArraySlice<UInt8>) -> String? {
        // ASCII, the common case, is always valid; only other text pays for validation.
        bytes.allSatisfy({ $0 < 0x80 }) ? String(decoding: bytes, as: UTF8.self) : String(validating: bytes, as: UTF8.self)
    }

    // MARK: serialise

    static func header(container: ContainerKind, level: KDFLevel, slots: [KeySlot], users: [UserEntry]) -> [UInt8] {
        var w = ByteWriter()
        w.raw(container.magic)
        w.u16(formatVersion)
        w.u32(0) // header length, patched below
        w.u8(level.code)
        w.u8(UInt8(slots.count))
        for s in slots {
            w.u8(s.kind.rawValue); w.u8(KeySlot.argon2id13)
            w.u32(UInt32(s.kdf.opsLimit)); w.u32(s.kdf.memLimitKiB)
            w.raw(s.salt); w.raw(s.nonce); w.raw(s.wrappedKey)
        }
        w.u32(UInt32(users.count))
        for u in users {
            w.short(Array(u.name.utf8)); w.short(Array(u.suite.utf8)); w.i64(u.enrolledAt)
        }
        let n = UInt32(w.bytes.count)
        for i in 0..<4 { w.bytes[10 + i] = UInt8(truncatingIfNeeded: n >> (24 - 8 * UInt32(i))) }
        return w.bytes
    }

    static func assemble(header: [UInt8], failedPIN: UInt16, failedRecovery: UInt16,
                         nonce: [UInt8], ciphertext: [UInt8]) -> [UInt8] {
        var w = ByteWriter()
        w.raw(header)
        w.u16(failedPIN); w.u16(failedRecovery)
        w.raw(nonce)
        w.u32(UInt32(ciphertext.count))
        w.raw(ciphertext)
        w.raw(Sodium.blake2b(w.bytes))
        return w.bytes
    }

    /// The same file with new attempt counters; needs no key (the counters are
    /// outside the associated data, covered by the checksum only).
    public func serialized() -> [UInt8] {
        Self.assemble(header: headerBytes, failedPIN: failedPINAttempts, failedRecovery: failedRecoveryAttempts,
                      nonce: bodyNonce, ciphertext: bodyCiphertext)
    }

    // MARK: unlock

    /// Opens with the PIN (or recovery PIN) of `slot`. Returns nil for a wrong
    /// PIN; throws `.damaged` if the slot opens but the body does not.
    public func unlock(_ kind: KeySlot.Kind, pin: SecureBytes) throws -> UnlockedVault? {
        guard let slot = slot(kind) else { throw IBKeyError.damaged("\(container.noun) damaged: key slot missing") }
        guard let dataKey = try slot.unwrap(pin: pin, container: container) else { return nil }
        guard let plain = Sodium.open(bodyCiphertext[...], key: dataKey, nonce: bodyNonce[...], aad: headerBytes[...]) else {
            throw IBKeyError.damaged("\(container.noun) damaged: the body does not authenticate")
        }
        let secrets: [UserSecret]
        do { secrets = try UserSecret.decodeAll(plain, count: users.count) } catch {
            throw IBKeyError.damaged("\(container.noun) damaged: unreadable body")
        }
        let vault = UnlockedVault(container: container, kdfLevel: kdfLevel, slots: slots, users: users,
                                  secrets: secrets, dataKey: dataKey)
        vault.failedPINAttempts = failedPINAttempts
        vault.failedRecoveryAttempts = failedRecoveryAttempts
        vault.headerCache = headerBytes
        return vault
    }
}

/// What the body holds for one user, in directory order. Keys and PIN hashes
/// stay inside guarded buffers (shared with the decrypted body when read).
public struct UserSecret {
    public var counter: UInt64
    public var key: SecretRef
    public var pinHash: SecretRef?

    public init(counter: UInt64, key: SecretRef, pinHash: SecretRef?) {
        self.counter = counter; self.key = key; self.pinHash = pinHash
    }

    static let bodyVersion: UInt8 = 1

    static func decodeAll(_ plain: SecureBytes, count: Int) throws -> [UserSecret] {
        var r = SecretReader(plain)
        guard try r.u8() == bodyVersion, Int(try r.u32()) == count else { throw ByteReader.TruncatedInput() }
        var out: [UserSecret] = []
        out.reserveCapacity(count)
        for _ in 0..<count {
            let counter = try r.u64()
            let key = SecretRef(plain, try r.range(Int(try r.u8())))
            let pinLen = Int(try r.u8())
            let pin = pinLen == 0 ? nil : SecretRef(plain, try r.range(pinLen))
            out.append(UserSecret(counter: counter, key: key, pinHash: pin))
        }
        guard r.remaining == 0 else { throw ByteReader.TruncatedInput() }
        return out
    }

    static func encodeAll(_ secrets: [UserSecret]) -> SecureBytes {
        let size = 5 + secrets.reduce(0) { $0 + 8 + 1 + $1.key.count + 1 + ($1.pinHash?.count ?? 0) }
        var w = SecretWriter(count: size)
        w.u8(bodyVersion)
        w.u32(UInt32(secrets.count))
        for s in secrets {
            w.u64(s.counter)
            w.u8(UInt8(s.key.count)); w.secret(s.key)
            w.u8(UInt8(s.pinHash?.count ?? 0))
            if let p = s.pinHash { w.secret(p) }
        }
        return w.target
    }
}

/// A range of a guarded buffer: lets thousands of users share one decrypted
/// body instead of one guarded allocation (and its guard pages) each.
public struct SecretRef {
    public let storage: SecureBytes
    public let range: Range<Int>

    public init(_ storage: SecureBytes, _ range: Range<Int>) { self.storage = storage; self.range = range }
    public init(_ whole: SecureBytes) { self.init(whole, 0..<whole.count) }

    public var count: Int { range.count }

    /// A guarded buffer holding exactly these bytes.
    public func materialize() -> SecureBytes {
        range == 0..<storage.count ? storage : SecureBytes(copying: storage, range: range)
    }
}

/// A vault or backup opened with a PIN: the data key and every user's secrets.
public final class UnlockedVault {
    public let container: ContainerKind
    public private(set) var kdfLevel: KDFLevel
    public private(set) var slots: [KeySlot] { didSet { headerCache = nil } }
    public private(set) var users: [UserEntry] { didSet { headerCache = nil } }
    public private(set) var secrets: [UserSecret]
    /// The header as read, reused while slots and users are unchanged (a
    /// counter update rewrites only the body): saves rebuilding a large directory.
    fileprivate var headerCache: [UInt8]?
    /// Carried over from the file so that a save keeps them.
    public var failedPINAttempts: UInt16 = 0
    public var failedRecoveryAttempts: UInt16 = 0
    private let dataKey: SecureBytes

    init(container: ContainerKind, kdfLevel: KDFLevel, slots: [KeySlot], users: [UserEntry],
         secrets: [UserSecret], dataKey: SecureBytes) {
        self.container = container; self.kdfLevel = kdfLevel; self.slots = slots
        self.users = users; self.secrets = secrets; self.dataKey = dataKey
    }

    /// A new, empty vault with both slots.
    public static func create(level: KDFLevel, pin: SecureBytes, recoveryPIN: SecureBytes) throws -> UnlockedVault {
        let dataKey = Sodium.randomSecret(32)
        let slots = [
            try KeySlot.make(kind: .pin, kdf: level.parameters, pin: pin, dataKey: dataKey, container: .vault),
            try KeySlot.make(kind: .recovery, kdf: level.parameters, pin: recoveryPIN, dataKey: dataKey, container: .vault),
        ]
        return UnlockedVault(container: .vault, kdfLevel: level, slots: slots, users: [], secrets: [], dataKey: dataKey)
    }

    /// Encrypts everything again under a fresh nonce.
    public func serialized() -> [UInt8] {
        let header = headerCache ?? SealedVault.header(container: container, level: kdfLevel, slots: slots, users: users)
        let nonce = Sodium.randomBytes(Sodium.aeadNonceBytes)
        let ciphertext = Sodium.seal(UserSecret.encodeAll(secrets), key: dataKey, nonce: nonce, aad: header)
        return SealedVault.assemble(header: header, failedPIN: failedPINAttempts, failedRecovery: failedRecoveryAttempts,
                                    nonce: nonce, ciphertext: ciphertext)
    }

    public func index(of name: String) -> Int? { users.firstIndex { $0.name == name } }

    public func addUser(_ entry: UserEntry, secret: UserSecret) throws {
        guard index(of: entry.name) == nil else { throw IBKeyError.userExists(entry.name) }
        guard users.count < SealedVault.maxUsers else { throw IBKeyError.usage("the vault is full (\(SealedVault.maxUsers) users)") }
        users.append(entry)
        secrets.append(secret)
    }

    public func removeUser(at i: Int) {
        users.remove(at: i)
        secrets.remove(at: i)
    }

    public func setCounter(_ value: UInt64, at i: Int) { secrets[i].counter = value }

    /// Replaces the PIN (or recovery PIN) slot; the data key stays.
    public func rekey(_ kind: KeySlot.Kind, pin: SecureBytes, level: KDFLevel? = nil) throws {
        guard let i = slots.firstIndex(where: { $0.kind == kind }) else {
            throw IBKeyError.internalError("no \(kind) slot")
        }
        let kdf = level?.parameters ?? slots[i].kdf
        slots[i] = try KeySlot.make(kind: kind, kdf: kdf, pin: pin, dataKey: dataKey, container: container)
    }

    /// The same users under a new container (backup ↔ vault), with a new data key.
    public func converted(to container: ContainerKind, level: KDFLevel, pin: SecureBytes?, recoveryPIN: SecureBytes) throws -> UnlockedVault {
        let newKey = Sodium.randomSecret(32)
        var slots: [KeySlot] = []
        if let pin { slots.append(try KeySlot.make(kind: .pin, kdf: level.parameters, pin: pin, dataKey: newKey, container: container)) }
        slots.append(try KeySlot.make(kind: .recovery, kdf: level.parameters, pin: recoveryPIN, dataKey: newKey, container: container))
        return UnlockedVault(container: container, kdfLevel: level, slots: slots, users: users, secrets: secrets, dataKey: newKey)
    }
}
