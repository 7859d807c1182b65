/// Format 1 (Docs/VAULT.md, "Format 1"): one body holding every user's
/// secrets, one checksum over the whole file. Read so that vaults and backups
/// made by earlier versions still open; the next write upgrades them to format 4.
struct FormatV1 {
    static let version: UInt16 = 1
    let headerBytes: [UInt8]
    let nonce: [UInt8]
    let ciphertext: [UInt8]

    static func parse(_ bytes: [UInt8], as container: ContainerKind, source: VaultSource) throws -> SealedVault {
        func damaged(_ why: String) -> IBKeyError { .damaged(Damage(container.file, why)) }
        guard bytes.count >= VaultLayout.versionRange.upperBound + VaultLayout.checksumSize else { throw damaged("the file is truncated") }
        let body = Array(bytes[0..<(bytes.count - VaultLayout.checksumSize)])
        guard ConstantTime.equals(BLAKE2b.hash(body), Array(bytes[(bytes.count - VaultLayout.checksumSize)...])) else {
            throw damaged("checksum mismatch (the file is truncated or was altered)")
        }
        do {
            var r = ByteReader(body, offset: VaultLayout.versionRange.upperBound)
            let headerLength = Int(try r.u32())
            guard headerLength <= body.count, headerLength >= VaultLayout.headerFieldsOffset + 2 else { throw damaged("bad header length") }
            // The level byte is not authenticated: only checked, the level comes from the slots.
            guard KDFLevel(code: try r.u8()) != nil else { throw damaged("unknown KDF level") }
            let (slots, level) = try KeySlot.readAll(Int(try r.u8()), from: &r, container: container,
                                                     version: version, damaged: damaged)
            let userCount = Int(try r.u32())
            guard userCount <= VaultLayout.maxUsers else { throw damaged("too many users") }
            var users: [UserEntry] = []
            users.reserveCapacity(userCount)
            var parsedSuites: [String: OCRASuite] = [:] // each suite text parsed once
            for _ in 0..<userCount {
                let nameBytes = try r.take(Int(try r.u8()))
                guard nameBytes.withUnsafeBufferPointer(UserEntry.isStoredName), let name = UserEntry.validUTF8(nameBytes) else {
                    throw damaged("bad user name")
                }
                let suiteBytes = try r.take(Int(try r.u8()))
                guard UserEntry.isSuiteText(suiteBytes) else { throw damaged("bad suite text") }
                let text = String(decoding: suiteBytes, as: UTF8.self)
                guard let suite = parsedSuites[text] ?? (try? OCRASuite(text)) else {
                    throw damaged("a suite that is not a valid OCRA suite")
                }
                parsedSuites[text] = suite
                let enrolledAt = try r.i64()
                guard Timestamp.validRange.contains(enrolledAt) else { throw damaged("bad enrollment date") }
                users.append(UserEntry(name: name, suite: .ocra(suite), enrolledAt: enrolledAt))
            }
            guard r.offset == headerLength else { throw damaged("header length mismatch") }
            let failedPIN = try r.u16()
            let failedRecovery = try r.u16()
            try VaultLayout.checkAttemptCounters(failedPIN, failedRecovery, in: container, damaged: damaged)
            try UserList(users).checkDistinctNames(damaged: damaged)
            let nonce = Array(try r.take(VaultLayout.nonceSize))
            let ciphertext = Array(try r.take(Int(try r.u32())))
            guard r.remaining == 0 else { throw damaged("trailing bytes") }
            let legacy = FormatV1(headerBytes: Array(body[0..<headerLength]), nonce: nonce, ciphertext: ciphertext)
            return SealedVault(container: container, version: version, kdfLevel: level, slots: slots, users: UserList(users),
                               failedPINAttempts: failedPIN, failedRecoveryAttempts: failedRecovery,
                               layout: .v1(legacy), source: source)
        } catch is ByteReader.TruncatedInput {
            throw damaged("the file is truncated")
        }
    }

    /// The same format-1 file with new attempt counters (a wrong PIN needs no key,
    /// so it cannot upgrade the file; the next successful write does).
    func serialized(failedPIN: UInt16, failedRecovery: UInt16) -> [UInt8] {
        var w = ByteWriter()
        w.raw(headerBytes)
        w.u16(failedPIN); w.u16(failedRecovery)
        w.raw(nonce)
        w.u32(UInt32(ciphertext.count))
        w.raw(ciphertext)
        w.raw(BLAKE2b.hash(w.bytes))
        return w.bytes
    }

    /// Every user's secrets, in directory order; `.damaged` if the body does not open.
    func open(dataKey: SecureBytes, count: Int, file: Damage.File) throws -> [UserSecret] {
        guard let plain = XChaCha20Poly1305.open(ciphertext[...], key: dataKey, nonce: nonce[...], aad: headerBytes[...]) else {
            throw IBKeyError.damaged(Damage(file, "the body does not authenticate"))
        }
        do {
            var r = SecretReader(plain)
            guard try r.u8() == 1, Int(try r.u32()) == count else { throw ByteReader.TruncatedInput() }
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
        } catch {
            throw IBKeyError.damaged(Damage(file, "unreadable body"))
        }
    }
}
