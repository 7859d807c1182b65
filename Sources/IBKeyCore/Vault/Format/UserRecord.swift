/// One user's sealed record (Docs/VAULT.md, "Record"): nonce ‖
/// XChaCha20-Poly1305(data key, plaintext, aad = the user's directory entry).
/// Plaintext: version 1, key, PIN hash.
enum UserRecord {
    static let plaintextVersion: UInt8 = 1
    /// The version field of the associated data: 2 in formats 2 to 4 alike,
    /// so records are copied unchanged when an older file is upgraded.
    static let aadVersion: UInt16 = 2

    /// The directory entry the record is bound to: a record moved to another
    /// user, or an entry edited to another suite, date or issuer, does not
    /// open. The issuer (format 4) is appended only when there is one, so an
    /// entry without one binds exactly as before and its record is copied
    /// unchanged (the fields before it are length-prefixed or fixed, so the
    /// two forms never read alike).
    static func associatedData(_ entry: UserEntry) -> [UInt8] {
        var w = ByteWriter()
        w.raw(Array("IBKEYREC".utf8)); w.u16(aadVersion)
        w.short(Array(entry.name.utf8)); w.short(Array(entry.suite.text.utf8)); w.i64(entry.enrolledAt)
        if let issuer = entry.issuer { w.short(Array(issuer.utf8)) }
        return w.bytes
    }

    static func seal(_ secret: UserSecret, entry: UserEntry, dataKey: SecureBytes) -> [UInt8] {
        var w = SecretWriter(count: VaultLayout.recordPlaintextFixedSize + secret.key.count + (secret.pinHash?.count ?? 0))
        w.u8(plaintextVersion)
        w.u8(UInt8(secret.key.count)); w.secret(secret.key)
        w.u8(UInt8(secret.pinHash?.count ?? 0))
        if let p = secret.pinHash { w.secret(p) }
        let nonce = Random.bytes(XChaCha20Poly1305.nonceBytes)
        return nonce + XChaCha20Poly1305.seal(w.target, key: dataKey, nonce: nonce, aad: associatedData(entry))
    }

    /// The key and PIN hash (counter 0: the cells hold the counter); `.damaged`
    /// when the record does not open with the right data key.
    static func open(_ record: [UInt8], entry: UserEntry, dataKey: SecureBytes, file: Damage.File) throws -> UserSecret {
        func damaged() -> IBKeyError { .damaged(Damage(file, "the record of user '\(entry.name)' does not authenticate")) }
        guard record.count >= VaultLayout.minRecordSize(4),
              let plain = XChaCha20Poly1305.open(VaultLayout.recordCiphertext(record), key: dataKey,
                                                 nonce: VaultLayout.recordNonce(record), aad: associatedData(entry)[...]) else {
            throw damaged()
        }
        // Authenticated, so not an accident of storage: malformed means written wrong or forged with the key.
        func malformed() -> IBKeyError { .damaged(Damage(file, "the record of user '\(entry.name)' is malformed")) }
        do {
            var r = SecretReader(plain)
            guard try r.u8() == plaintextVersion else { throw malformed() }
            let key = SecretRef(plain, try r.range(Int(try r.u8())))
            guard entry.suite.keySizes.contains(key.count) else { throw malformed() }
            let pinLength = Int(try r.u8())
            // (OCRA: whether P fits the suite is `Responder`'s check; TOTP and HOTP have no P.)
            guard pinLength == 0 || entry.suite.ocra != nil && HashAlgorithm.allCases.contains(where: { $0.digestLength == pinLength }) else {
                throw malformed()
            }
            let pin = pinLength == 0 ? nil : SecretRef(plain, try r.range(pinLength))
            guard r.remaining == 0 else { throw malformed() }
            return UserSecret(counter: 0, key: key, pinHash: pin)
        } catch is ByteReader.TruncatedInput {
            throw malformed()
        }
    }
}
