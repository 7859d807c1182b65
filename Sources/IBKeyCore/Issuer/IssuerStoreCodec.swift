/// The issuer store's bytes (Docs/ISSUER.md, "Store format"):
///
///     file: magic "IBKEYISS" ‖ version u16 ‖ nonce (24) ‖ length u32 ‖ ciphertext
///           ‖ BLAKE2b-256 checksum of all that precedes
///     aad:  magic ‖ version
///
/// Format 3 is written: format 2 and TOTP/HOTP users (suite id 0, then the
/// suite's text). Formats 2 and 1 (a failure count and the time of the first
/// failure, instead of the failure times) are read.
public enum IssuerStoreCodec {
    static let magic = Array("IBKEYISS".utf8)
    /// The version this build writes.
    public static let version: UInt16 = 3
    static let versions: ClosedRange<UInt16> = 1...3
    /// The suite id byte of a TOTP/HOTP user (format 3); OCRA users keep
    /// their activation-code suite id, 1 to 4.
    static let otpSuiteID: UInt8 = 0
    /// The key file's size.
    public static let keySize = 32
    static let maxFileSize = SealedVault.maxFileSize
    static let maxUsers = SealedVault.maxUsers
    /// Open challenges a user may have in a file: what the policy keeps.
    static let maxChallenges = IssuerPolicy.maxOpenChallenges

    static func aad(_ version: UInt16) -> [UInt8] { magic + [UInt8(version >> 8), UInt8(version & 0xFF)] }

    /// The whole file, sealed under `key`.
    /// - Parameters:
    ///   - state: the users to store.
    ///   - key: the key file's 32 bytes.
    /// - Returns: the file, format `version`, with a fresh nonce.
    public static func encode(_ state: IssuerState, key: SecureBytes) -> [UInt8] {
        var size = 5
        for u in state.users {
            size += 1 + u.name.utf8.count + 1 + 1 + 8 + 8 + 1 + u.key.count + 1 + (u.pinHash?.count ?? 0)
            if let s = u.otpSuite { size += 1 + s.text.utf8.count }
            size += 1 + 8 * u.failureTimes.count + 8 + 4
            size += u.challenges.reduce(0) { $0 + 1 + $1.value.utf8.count + 16 }
        }
        var w = SecretWriter(count: size)
        w.u8(UInt8(truncatingIfNeeded: version)) // the body version follows the file's
        w.u32(UInt32(state.users.count))
        for u in state.users {
            w.short(Array(u.name.utf8))
            switch u.kind {
            case .ocra(let id): w.u8(id.rawValue)
            case .otp(let s): w.u8(otpSuiteID); w.short(Array(s.text.utf8))
            }
            w.u8(u.state.rawValue)
            w.u64(u.counter)
            w.u64(UInt64(bitPattern: u.createdAt))
            w.u8(UInt8(u.key.count)); w.secret(u.key)
            w.u8(UInt8(u.pinHash?.count ?? 0)); if let p = u.pinHash { w.secret(p) }
            w.u8(UInt8(u.failureTimes.count))
            for t in u.failureTimes { w.u64(UInt64(bitPattern: t)) }
            w.u64(UInt64(bitPattern: u.blockedUntil))
            w.u32(UInt32(u.challenges.count))
            for c in u.challenges {
                w.short(Array(c.value.utf8))
                w.u64(UInt64(bitPattern: c.issuedAt)); w.u64(UInt64(bitPattern: c.expiresAt))
            }
        }
        return seal(body: w.target, version: version, key: key, nonce: Random.bytes(XChaCha20Poly1305.nonceBytes))
    }

    /// The file around a body: header, the body sealed under `key` with `nonce`, checksum.
    /// (The fuzzer seals its inputs with it, so they reach the body decoder.)
    /// - Parameters:
    ///   - body: the body's bytes, as `encode` lays them out.
    ///   - version: the file's format version.
    ///   - key: the key file's 32 bytes.
    ///   - nonce: 24 bytes, fresh for every file `encode` writes.
    /// - Returns: the whole file.
    public static func seal(body: SecureBytes, version: UInt16, key: SecureBytes, nonce: [UInt8]) -> [UInt8] {
        let ct = XChaCha20Poly1305.seal(body, key: key, nonce: nonce, aad: aad(version))
        var out = ByteWriter()
        out.raw(magic); out.u16(version); out.raw(nonce); out.u32(UInt32(ct.count)); out.raw(ct)
        out.raw(BLAKE2b.hash(out.bytes))
        return out.bytes
    }

    /// The state in `bytes`. Every failure is `.damaged` or
    /// `.unsupportedVersion`, whatever the bytes.
    /// - Parameters:
    ///   - bytes: the whole file (format 1, 2 or 3).
    ///   - key: the key file's 32 bytes.
    /// - Returns: the state.
    /// - Throws: `.damaged` or `.unsupportedVersion`.
    public static func decode(_ bytes: [UInt8], key: SecureBytes) throws -> IssuerState {
        func damaged(_ why: String) -> IBKeyError { .damaged(Damage(.issuerStore, why)) }
        guard bytes.count >= 10, Array(bytes[0..<8]) == magic else { throw damaged("not an ibkey issuer store") }
        let version = UInt16(bytes[8]) << 8 | UInt16(bytes[9])
        guard versions.contains(version) else { throw IBKeyError.unsupportedVersion(what: "the issuer store", version: Int(version)) }
        let checksum = 32, nonce = XChaCha20Poly1305.nonceBytes
        guard bytes.count >= 10 + nonce + 4 + XChaCha20Poly1305.tagBytes + checksum else { throw damaged("the file is truncated") }
        guard bytes.count <= maxFileSize else { throw damaged("the file is larger than \(maxFileSize >> 20) MiB") }
        let body = Array(bytes[0..<(bytes.count - checksum)])
        guard ConstantTime.equals(BLAKE2b.hash(body), Array(bytes[(bytes.count - checksum)...])) else {
            throw damaged("checksum mismatch (the file is truncated or was altered)")
        }
        var r = ByteReader(body, offset: 10)
        do {
            let n = try r.take(nonce)
            let ct = try r.take(Int(try r.u32()))
            guard r.remaining == 0 else { throw damaged("trailing bytes") }
            guard let plain = XChaCha20Poly1305.open(ct, key: key, nonce: n, aad: aad(version)[...]) else {
                throw damaged("it does not open with the key file (wrong key file, or the store was altered)")
            }
            return try decodeBody(plain, version: version, damaged: damaged)
        } catch is ByteReader.TruncatedInput {
            throw damaged("the file is truncated")
        }
    }

    /// Every field is bounded: names as the vault's, known suites and states,
    /// keys and P hashes of the suite's lengths, times within
    /// `Timestamp.validRange`, at most `maxChallenges` numeric challenges of
    /// the suite's length. TOTP/HOTP users (format 3 only) are active, with
    /// no P hash and no challenge, and a TOTP user's next step is one a
    /// time in range can reach.
    static func decodeBody(_ plain: SecureBytes, version: UInt16, damaged: (String) -> IBKeyError) throws -> IssuerState {
        var r = SecretReader(plain)
        func time() throws -> Int64 {
            let t = Int64(bitPattern: try r.u64())
            guard Timestamp.validRange.contains(t) else { throw damaged("a time out of range") }
            return t
        }
        func text(_ range: Range<Int>) -> String? {
            plain.withBytes { String(validating: UnsafeRawBufferPointer(rebasing: $0[range]), as: UTF8.self) }
        }
        do {
            guard try r.u8() == UInt8(truncatingIfNeeded: version) else { throw damaged("unknown body version") }
            let count = Int(try r.u32())
            guard count <= maxUsers else { throw damaged("too many users") }
            var users: [IssuerUser] = []
            var names = Set<String>()
            for _ in 0..<count {
                let nameRange = try r.range(Int(try r.u8()))
                guard let name = plain.withBytes({ b in
                    UserEntry.isStoredName(UnsafeRawBufferPointer(rebasing: b[nameRange]).bindMemory(to: UInt8.self))
                        ? text(nameRange) : nil
                }), names.insert(name).inserted else { throw damaged("bad user name") }
                let kind: IssuerUser.Kind
                let id = try r.u8()
                if id == otpSuiteID && version >= 3 {
                    let textRange = try r.range(Int(try r.u8()))
                    guard let t = text(textRange), let s = try? OTPSuite(t) else { throw damaged("bad TOTP/HOTP suite") }
                    kind = .otp(s)
                } else {
                    guard let suite = SuiteID(rawValue: id) else { throw damaged("unknown suite id") }
                    kind = .ocra(suite)
                }
                let ocraSuite = kind.suiteID?.suite // parsed once for the user and each of its challenges
                guard let state = IssuerUser.State(rawValue: try r.u8()) else { throw damaged("unknown user state") }
                guard state == .active || ocraSuite != nil else { throw damaged("a TOTP/HOTP user that is not active") }
                let counter = try r.u64()
                if case .otp(let s) = kind, let period = s.period, counter > maxTOTPStep(period: period) {
                    throw damaged("a TOTP step beyond any time in range")
                }
                let created = try time()
                let keyRange = try r.range(Int(try r.u8()))
                guard keyRange.count == kind.keyLength else { throw damaged("key length does not match the suite") }
                let pinRange = try r.range(Int(try r.u8()))
                guard pinRange.isEmpty || pinRange.count == ocraSuite?.pinHash?.digestLength else {
                    throw damaged("PIN hash length does not match the suite")
                }
                var u = IssuerUser(name: name, kind: kind, state: state, counter: counter, createdAt: created,
                                   key: SecureBytes(copying: plain, range: keyRange),
                                   pinHash: pinRange.isEmpty ? nil : SecureBytes(copying: plain, range: pinRange))
                if version == 1 {
                    // Format 1 kept a count and the first failure's time: as many failures at that time.
                    let failures = try r.u32()
                    let first = try time()
                    guard failures <= UInt32(IssuerPolicy.maxFailures) else { throw damaged("too many failures") }
                    u.failureTimes = Array(repeating: first, count: Int(failures))
                } else {
                    let failures = Int(try r.u8())
                    guard failures < IssuerPolicy.maxFailures else { throw damaged("too many failures") }
                    for _ in 0..<failures { u.failureTimes.append(try time()) }
                }
                u.blockedUntil = try time()
                let challenges = Int(try r.u32())
                guard challenges <= (ocraSuite == nil ? 0 : maxChallenges) else { throw damaged("too many challenges") }
                for _ in 0..<challenges {
                    let vr = try r.range(Int(try r.u8()))
                    guard vr.count == ocraSuite?.challengeLength, let value = text(vr),
                          value.utf8.allSatisfy({ (0x30...0x39).contains($0) }) else { throw damaged("bad challenge") }
                    let issued = try time(), expires = try time()
                    u.challenges.append(.init(value: value, issuedAt: issued, expiresAt: expires))
                }
                users.append(u)
            }
            guard r.remaining == 0 else { throw damaged("trailing bytes") }
            return IssuerState(users: users)
        } catch is ByteReader.TruncatedInput {
            throw damaged("the file is truncated")
        }
    }

    /// The highest next step a TOTP user can have: one past the step after
    /// that of the last time a file may hold (`Timestamp.validRange`).
    static func maxTOTPStep(period: Int) -> UInt64 {
        UInt64(Timestamp.validRange.upperBound) / UInt64(period) + 2
    }
}
