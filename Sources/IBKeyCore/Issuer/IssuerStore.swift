/// The issuer's store on disk: one file encrypted with XChaCha20-Poly1305
/// under a 32-byte key file. Docs/ISSUER.md specifies it byte by byte.
///
/// file: magic "IBKEYISS" ‖ version u16 ‖ nonce(24) ‖ length u32 ‖ ciphertext
///       ‖ BLAKE2b-256 checksum of all that precedes
/// aad:  magic ‖ version
public final class IssuerStore {
    public static let formatVersion: UInt16 = 1
    static let magic = Array("IBKEYISS".utf8)
    static let bodyVersion: UInt8 = 1
    public static let keyFileSize = 32

    public let path: String
    public let keyPath: String

    public init(path: String, keyPath: String) {
        self.path = path
        self.keyPath = keyPath
    }

    public var exists: Bool { SecureFile.exists(path) }

    /// Creates the key file and an empty store; exit 7 if either exists.
    public func initialize() throws {
        try SecureFile.makeDirectories(SecureFile.directory(of: path))
        try SecureFile.makeDirectories(SecureFile.directory(of: keyPath))
        try exclusively {
            if SecureFile.exists(path) { throw IBKeyError.storeExists(path: path) }
            if SecureFile.exists(keyPath) { throw IBKeyError.storeExists(path: keyPath) }
            let key = Random.secret(Self.keyFileSize)
            try SecureFile.writeAtomically(keyPath, key.unprotectedCopy())
            try save(IssuerState(), key: key)
        }
    }

    public func exclusively<R>(_ body: () throws -> R) throws -> R {
        try SecureFile.checkNotWritableByOthers(SecureFile.directory(of: path), what: "issuer folder")
        let lock = try FileLock(guarding: path)
        defer { withExtendedLifetime(lock) {} }
        return try body()
    }

    /// Runs a read-modify-write under the lock and saves the state `body` changed.
    public func update<R>(_ body: (IssuerState) throws -> R) throws -> R {
        guard exists else { throw IBKeyError.storeNotFound(path: path) }
        return try exclusively {
            let key = try loadKey()
            let state = try load(key: key)
            let result = try body(state)
            try save(state, key: key)
            return result
        }
    }

    /// The state, read without changing anything.
    public func read() throws -> IssuerState {
        try load(key: try loadKey())
    }

    func loadKey() throws -> SecureBytes {
        guard SecureFile.exists(path) else { throw IBKeyError.storeNotFound(path: path) }
        try SecureFile.checkNotWritableByOthers(keyPath, what: "issuer key file")
        guard let bytes = try SecureFile.read(keyPath, maxSize: 1024) else {
            throw IBKeyError.fileNotFound(path: keyPath)
        }
        guard bytes.count == Self.keyFileSize else {
            throw IBKeyError.damaged("issuer key file \(keyPath) damaged: \(bytes.count) bytes, expected \(Self.keyFileSize)")
        }
        return SecureBytes(copying: bytes)
    }

    func load(key: SecureBytes) throws -> IssuerState {
        guard let bytes = try SecureFile.read(path, maxSize: SealedVault.maxFileSize) else {
            throw IBKeyError.storeNotFound(path: path)
        }
        return try Self.decode(bytes, key: key)
    }

    func save(_ state: IssuerState, key: SecureBytes) throws {
        try SecureFile.writeAtomically(path, Self.encode(state, key: key))
    }

    static var aad: [UInt8] { magic + [UInt8(formatVersion >> 8), UInt8(formatVersion & 0xFF)] }

    public static func encode(_ state: IssuerState, key: SecureBytes) -> [UInt8] {
        var size = 5
        for u in state.users {
            size += 1 + u.name.utf8.count + 1 + 1 + 8 + 8 + 1 + u.key.count + 1 + (u.pinHash?.count ?? 0) + 4 + 8 + 8 + 4
            size += u.challenges.reduce(0) { $0 + 1 + $1.value.utf8.count + 16 }
        }
        var w = SecretWriter(count: size)
        w.u8(bodyVersion)
        w.u32(UInt32(state.users.count))
        for u in state.users {
            w.short(Array(u.name.utf8))
            w.u8(u.suiteID.rawValue)
            w.u8(u.state.rawValue)
            w.u64(u.counter)
            w.u64(UInt64(bitPattern: u.createdAt))
            w.u8(UInt8(u.key.count)); w.secret(u.key)
            w.u8(UInt8(u.pinHash?.count ?? 0)); if let p = u.pinHash { w.secret(p) }
            w.u32(u.failures)
            w.u64(UInt64(bitPattern: u.firstFailureAt))
            w.u64(UInt64(bitPattern: u.blockedUntil))
            w.u32(UInt32(u.challenges.count))
            for c in u.challenges {
                w.short(Array(c.value.utf8))
                w.u64(UInt64(bitPattern: c.issuedAt)); w.u64(UInt64(bitPattern: c.expiresAt))
            }
        }
        let nonce = Random.bytes(XChaCha20Poly1305.nonceBytes)
        let ct = XChaCha20Poly1305.seal(w.target, key: key, nonce: nonce, aad: aad)
        var out = ByteWriter()
        out.raw(magic); out.u16(formatVersion); out.raw(nonce); out.u32(UInt32(ct.count)); out.raw(ct)
        out.raw(BLAKE2b.hash(out.bytes))
        return out.bytes
    }

    public static func decode(_ bytes: [UInt8], key: SecureBytes) throws -> IssuerState {
        func damaged(_ why: String) -> IBKeyError { .damaged("issuer store damaged: \(why)") }
        guard bytes.count >= 10, Array(bytes[0..<8]) == magic else { throw damaged("not an ibkey issuer store") }
        let version = UInt16(bytes[8]) << 8 | UInt16(bytes[9])
        guard version == formatVersion else { throw IBKeyError.unsupportedVersion(what: "the issuer store", version: Int(version)) }
        guard bytes.count >= 10 + 24 + 4 + 16 + 32 else { throw damaged("the file is truncated") }
        let body = Array(bytes[0..<(bytes.count - 32)])
        guard ConstantTime.equals(BLAKE2b.hash(body), Array(bytes[(bytes.count - 32)...])) else {
            throw damaged("checksum mismatch (the file is truncated or was altered)")
        }
        var r = ByteReader(body, offset: 10)
        do {
            let nonce = try r.take(24)
            let n = Int(try r.u32())
            let ct = try r.take(n)
            guard r.remaining == 0 else { throw damaged("trailing bytes") }
            guard let plain = XChaCha20Poly1305.open(ct, key: key, nonce: nonce, aad: aad[...]) else {
                throw damaged("it does not open with the key file (wrong key file, or the store was altered)")
            }
            return try decodeBody(plain)
        } catch is ByteReader.TruncatedInput {
            throw damaged("the file is truncated")
        }
    }

    static func decodeBody(_ plain: SecureBytes) throws -> IssuerState {
        var r = SecretReader(plain)
        func damaged(_ why: String) -> IBKeyError { .damaged("issuer store damaged: \(why)") }
        guard try r.u8() == bodyVersion else { throw damaged("unknown body version") }
        let count = Int(try r.u32())
        guard count <= SealedVault.maxUsers else { throw damaged("too many users") }
        var users: [IssuerUser] = []
        for _ in 0..<count {
            let nameRange = try r.range(Int(try r.u8()))
            let name = plain.withBytes { String(decoding: UnsafeRawBufferPointer(rebasing: $0[nameRange]), as: UTF8.self) }
            guard let suite = SuiteID(rawValue: try r.u8()) else { throw damaged("unknown suite id") }
            guard let state = IssuerUser.State(rawValue: try r.u8()) else { throw damaged("unknown user state") }
            let counter = try r.u64()
            let created = Int64(bitPattern: try r.u64())
            let keyRange = try r.range(Int(try r.u8()))
            guard keyRange.count == suite.keyLength else { throw damaged("key length does not match the suite") }
            let pinLen = Int(try r.u8())
            let pinRange = try r.range(pinLen)
            var u = IssuerUser(name: name, suiteID: suite, state: state, counter: counter, createdAt: created,
                               key: SecureBytes(copying: plain, range: keyRange),
                               pinHash: pinLen == 0 ? nil : SecureBytes(copying: plain, range: pinRange))
            u.failures = try r.u32()
            u.firstFailureAt = Int64(bitPattern: try r.u64())
            u.blockedUntil = Int64(bitPattern: try r.u64())
            let nc = Int(try r.u32())
            guard nc <= 10_000 else { throw damaged("too many challenges") }
            for _ in 0..<nc {
                let vr = try r.range(Int(try r.u8()))
                let value = plain.withBytes { String(decoding: UnsafeRawBufferPointer(rebasing: $0[vr]), as: UTF8.self) }
                let issued = Int64(bitPattern: try r.u64()), expires = Int64(bitPattern: try r.u64())
                u.challenges.append(.init(value: value, issuedAt: issued, expiresAt: expires))
            }
            users.append(u)
        }
        guard r.remaining == 0 else { throw damaged("trailing bytes") }
        return IssuerState(users: users)
    }
}
