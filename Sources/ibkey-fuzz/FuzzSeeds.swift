#if canImport(Glibc)
import Glibc
#endif
import IBKeyCore

/// The seed corpus of the fuzz targets (Fuzz/corpus), written again on
/// request: `make fuzz-seeds` (`ibkey-fuzz --write-seeds Fuzz/corpus`). The
/// seeds of formats 1 and 2 stay as those versions wrote them; these are the
/// inputs this build can make.
enum FuzzSeeds {
    static func write(to root: String) throws {
        func put(_ target: String, _ name: String, _ bytes: [UInt8]) throws {
            try FilePath.makeDirectories(root + "/" + target)
            try AtomicFile.write(root + "/" + target + "/" + name, bytes)
        }
        // Activation codes of every suite id, from fixed keys (Docs/PROTOCOL.md's worked examples).
        for id in SuiteID.allCases {
            let key = SecureBytes(copying: (0..<id.keyLength).map { UInt8($0) })
            try put("activation-code", "suite\(id.rawValue)",
                    ActivationCode(suiteID: id, counter: 1, key: key).text().unprotectedCopy())
        }
        let pin = SecureBytes(copying: Array("9137".utf8))
        for id in SuiteID.allCases {
            try put("registration-code", "suite\(id.rawValue)",
                    Array(RegistrationCode.make(user: "fuzz", suiteID: id, tokenKey: FuzzKeys.token(id),
                                                pinHash: id.suite.pinHash?.hash(pin)).utf8))
        }
        var suites: [String] = []
        for v in KnownAnswers.all where !suites.contains(v.suite) { suites.append(v.suite) }
        for (i, s) in suites.enumerated() { try put("suite", "valid\(i)", Array(s.utf8)) }
        for (i, c) in ["123456", "123 456", "12-34-56", "0", "00000000000000000000000000", "DEADBEEF"].enumerated() {
            try put("challenge", "c\(i)", Array(c.utf8))
        }
        let v = try UnlockedVault.create(level: .test, pin: pin, recoveryPIN: SecureBytes(copying: Array("r7#Kq".utf8)))
        try v.addUser(UserEntry(name: "alice", suite: SuiteID.ibKeySHA1.suite, enrolledAt: 0),
                      secret: UserSecret(counter: 1, key: SecretRef(SecureBytes(count: 20)), pinHash: SecretRef(SecureBytes(count: 20))))
        try v.addUser(UserEntry(name: "bob", suite: try OCRASuite("OCRA-1:HOTP-SHA512-0:QH64-S512-T1H"), enrolledAt: 253_402_300_799),
                      secret: UserSecret(counter: 0, key: SecretRef(SecureBytes(count: 128)), pinHash: nil))
        // Format 4's entries: a TOTP account with an issuer, an HOTP account with a 10-byte key.
        try v.addUser(UserEntry(name: "carol", suite: try UserSuite(text: "TOTP-SHA256-8-30"), enrolledAt: 1, issuer: "Example"),
                      secret: UserSecret(counter: 0, key: SecretRef(SecureBytes(count: 32)), pinHash: nil))
        try v.addUser(UserEntry(name: "dave", suite: try UserSuite(text: "HOTP-SHA1-6"), enrolledAt: 2),
                      secret: UserSecret(counter: 5, key: SecretRef(SecureBytes(count: 10)), pinHash: nil))
        let current = "v\(SealedVault.currentVersion)"
        try put("vault", "two-slots-" + current, try v.serialized())
        try put("print-vault", "two-slots-" + current, try v.serialized())
        let b = try v.converted(to: .backup, level: .test, pin: nil, recoveryPIN: pin)
        try put("backup", "one-slot-" + current, try b.serialized())
        let state = IssuerState()
        _ = try state.addUser("alice", suite: .ibKeySHA1, now: 0)
        _ = try state.addUser("bob", suite: .sha512, now: 1)
        _ = try state.addOTPUser("carol", suite: try OTPSuite("TOTP-SHA256-8-60"), issuer: "Example", now: 2)
        _ = try state.addOTPUser("dave", suite: try OTPSuite("HOTP-SHA512-7"), issuer: "ibkey", now: 3)
        try put("issuer-store", "four-users-v\(IssuerStoreCodec.version)", IssuerStoreCodec.encode(state, key: FuzzKeys.store))
        // The decrypted bodies, for print-issuer (which seals its input itself).
        try put("print-issuer", "one-user-body", issuerBody())
        try put("print-issuer", "otp-users-body-v3", otpIssuerBody())
        // Texts of links (Docs/IMPORT.md, "otpauth links") and migration payloads.
        let payloads = migrationPayloads()
        for (name, payload) in payloads { try put("migration", name, payload) }
        let escapes: [Character: String] = ["+": "%2B", "/": "%2F", "=": "%3D"]
        let link = "otpauth-migration://offline?data=" + Base64.encode(payloads[0].1).map { escapes[$0] ?? String($0) }.joined()
        let account = try OTPAccount(suite: try OTPSuite(kind: .hotp, hash: .sha512, digits: 8), secret: SecureBytes(copying: Array("12345678901234567890".utf8)),
                                     counter: 42, name: "a:b ü", issuer: "Ex: Co")
        let texts: [(String, String)] = [
            ("totp", "otpauth://totp/Example:alice@example.com?secret=JBSWY3DPEHPK3PXP&issuer=Example\n"),
            ("hotp-all", "otpauth://hotp/ACME%20Co:bob?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=ACME%20Co&algorithm=SHA256&digits=8&counter=7\n"),
            ("totp-extra", "otpauth://totp/c?secret=gezd gnbv gy3t qojq&algorithm=sha512&digits=7&period=60&image=https%3A%2F%2Fx%2Fa.png&color=ff0000"),
            ("migration", link + "\n"),
            ("mixed", "\u{FEFF}\r\n OTPAUTH://TOTP/x?secret=JBSWY3DPEHPK3PXP \r\n\n" + link + "\notpauth://hotp/y?secret=JBSWY3DPEHPK3PXP&counter=0\n"),
            ("canonical", String(decoding: OTPAuthURI.uri(for: account).unprotectedCopy(), as: UTF8.self)),
        ]
        for (name, text) in texts { try put("otpauth", name, Array(text.utf8)) }
    }

    /// Migration payloads (the protobuf of MigrationPayload's schema), written
    /// here field by field: two accounts of every kind, the least an account
    /// can be, and fields of numbers the schema does not know.
    static func migrationPayloads() -> [(String, [UInt8])] {
        func varint(_ v: UInt64) -> [UInt8] {
            var v = v, out: [UInt8] = []
            while v >= 0x80 { out.append(UInt8(v & 0x7F) | 0x80); v >>= 7 }
            return out + [UInt8(v)]
        }
        func number(_ field: UInt64, _ v: UInt64) -> [UInt8] { varint(field << 3) + varint(v) }
        func bytes(_ field: UInt64, _ b: [UInt8]) -> [UInt8] { varint(field << 3 | 2) + varint(UInt64(b.count)) + b }
        let key = Array("12345678901234567890".utf8)
        let totp = bytes(1, key) + bytes(2, Array("Acme:alice".utf8)) + bytes(3, Array("Acme".utf8)) + number(4, 2) + number(5, 2) + number(6, 2)
        let hotp = bytes(1, Array(key.prefix(10))) + bytes(2, Array("bob".utf8)) + number(4, 3) + number(5, 1) + number(6, 1) + number(7, 99)
        let batch = number(2, 1) + number(3, 1) + number(4, 0) + number(5, 123_456)
        return [
            ("two-accounts", bytes(1, totp) + bytes(1, hotp) + batch),
            ("minimal", bytes(1, bytes(1, key) + number(6, 2))),
            ("unknown-fields", bytes(1, totp + number(9, 5) + bytes(10, [1, 2])) + number(8, 1) + batch),
        ]
    }

    /// A format-3 issuer store body: a TOTP user with a failure and a used
    /// step, an HOTP user past counter 0, and an OCRA user as format 2 has it.
    static func otpIssuerBody() -> [UInt8] {
        var w: [UInt8] = [3, 0, 0, 0, 3]
        func u64(_ v: UInt64) { for i in 0..<8 { w.append(UInt8(truncatingIfNeeded: v >> (56 - 8 * UInt64(i)))) } }
        func text(_ s: String) { w += [UInt8(s.utf8.count)] + Array(s.utf8) }
        text("carol"); w += [0]; text("TOTP-SHA256-8-60"); w += [1]
        u64(30_000_001); u64(1_800_000_000)
        w += [32] + [UInt8](repeating: 4, count: 32) + [0]
        w += [1]; u64(1_800_000_100)
        u64(0); w += [0, 0, 0, 0]
        text("dave"); w += [0]; text("HOTP-SHA1-6"); w += [1]
        u64(5); u64(1_800_000_000)
        w += [20] + [UInt8](repeating: 5, count: 20) + [0]
        w += [0]; u64(1_800_086_400); w += [0, 0, 0, 0]
        text("erin"); w += [SuiteID.sha256NoCounter.rawValue, 0]
        u64(0); u64(1_800_000_000)
        w += [32] + [UInt8](repeating: 6, count: 32) + [0]
        w += [0]; u64(0); w += [0, 0, 0, 0]
        return w
    }

    /// A format-2 issuer store body with a user of every state, failures and a challenge.
    static func issuerBody() -> [UInt8] {
        var w: [UInt8] = [2, 0, 0, 0, 1]
        func u64(_ v: UInt64) { for i in 0..<8 { w.append(UInt8(truncatingIfNeeded: v >> (56 - 8 * UInt64(i)))) } }
        w += [5] + Array("alice".utf8) + [SuiteID.sha256NoCounter.rawValue, 1]
        u64(7); u64(1_800_000_000)
        w += [32] + [UInt8](repeating: 3, count: 32) + [0]
        w += [2]; u64(1_800_000_100); u64(1_800_000_200)
        u64(0)
        w += [0, 0, 0, 1, 6] + Array("123456".utf8); u64(1_800_000_300); u64(1_800_000_600)
        return w
    }
}
