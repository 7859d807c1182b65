/// A key read from a PSKC file, its values decrypted into guarded memory.
public struct PSKCKey {
    /// `Key/@Id`, else `#n` (its place in the file); what `--key-id` matches.
    public let id: String
    /// The `Algorithm` URI, as the file gives it.
    public let algorithm: String
    /// The OCRA suite: `AlgorithmParameters/Suite` when it starts with
    /// `OCRA-1:`, else the text after `#` in the algorithm URI.
    public let suite: String?
    /// `UserId` (of the key, else of its device): the default name.
    public let userID: String?
    /// `DeviceInfo/SerialNo`: the default name when there is no `UserId`.
    public let serialNumber: String?
    /// `AlgorithmParameters/Suite` as written, whatever it names (a TOTP or
    /// HOTP key's hash: `HMAC-SHA256`).
    public let parameterSuite: String?
    /// `Key/Issuer`: for a TOTP or HOTP key, the service it belongs to.
    public let issuer: String?
    /// `ResponseFormat` `Length`, `Encoding` and `CheckDigits`, as written.
    let responseFormat: PSKCDocument.ResponseFormat?
    /// `Data/Time` (a TOTP key's start, T0), decrypted; nil when absent.
    public let time: UInt64?
    /// `Data/TimeInterval` (a TOTP key's period in seconds), decrypted; nil when absent.
    public let timeInterval: UInt64?
    /// The key (for a PIN key, the PIN), decrypted into guarded memory.
    public let secret: SecureBytes
    /// `Data/Counter`; nil when absent.
    public let counter: UInt64?
    /// The counter was in the clear in a file that encrypts its values: no MAC
    /// covers it, so whoever could edit the file could have rewound it (the CLI warns).
    public let counterInTheClear: Bool
    /// The P input: ibkey's own extension (the hash, as the vault held it),
    /// else the PIN key its PIN policy names (a PIN, or with `PINEncoding`
    /// `BINARY` the hash itself); nil when the file has neither.
    public internal(set) var pInput: ImportedKey.PInput?
    /// The `Id` of the PIN key its PIN policy names.
    let pinKeyID: String?

    /// OCRA when the algorithm URI contains `OCRA-1`, or (as vendors write it)
    /// ends in `:ocra` or `#ocra`.
    public var isOCRA: Bool {
        algorithm.contains("OCRA-1") || ["#ocra", ":ocra"].contains { algorithm.lowercased().hasSuffix($0) }
    }

    /// A PIN key (RFC 6030 §10.2): its secret is another key's PIN.
    var isPIN: Bool { hasAlgorithm("pin") }

    /// An HOTP key (RFC 6030 §10.1: `urn:ietf:params:xml:ns:keyprov:pskc:hotp`).
    public var isHOTP: Bool { hasAlgorithm("hotp") }

    /// A TOTP key (`urn:ietf:params:xml:ns:keyprov:pskc#totp`, as RFC 6030's
    /// registry has it, or `…:pskc:totp`, as python-pskc and vendors write it).
    public var isTOTP: Bool { hasAlgorithm("totp") }

    /// Whether the algorithm URI ends in `:name` or `#name`, in either case.
    private func hasAlgorithm(_ name: String) -> Bool {
        ["#" + name, ":" + name].contains { algorithm.lowercased().hasSuffix($0) }
    }

    /// The name a user gets by default: `UserId`, else `DeviceInfo/SerialNo`, else the key's `Id`.
    public var defaultName: String { userID ?? serialNumber ?? id }

    /// What the algorithm is called in an error ("HOTP", "TOTP", or the URI).
    public var algorithmName: String {
        let tail = algorithm.split(whereSeparator: { $0 == "#" || $0 == ":" }).last.map(String.init) ?? algorithm
        return tail.isEmpty ? "(none)" : tail.uppercased() == tail.lowercased() ? tail : tail.uppercased()
    }
}

extension PSKCDocument {
    /// What opens an encrypted file.
    public enum DecryptionKey {
        /// The password of a file protected with PBKDF2 (`--password-fd`, `IBKEY_IMPORT_PASSWORD`…).
        case password(SecureBytes)
        /// The pre-shared key a `KeyName` file needs (`--psk-file`): 16, 24 or 32 bytes.
        case preShared(SecureBytes)

        /// A pre-shared AES key given in hex (spaces and tabs ignored), or nil
        /// when the text is not hex of 16, 24 or 32 bytes.
        /// - Parameter hex: the key's text, in guarded memory.
        /// - Returns: `.preShared`, or nil.
        public static func preShared(hex: SecureBytes) -> DecryptionKey? {
            guard let key = hex.withBytes({ Hex.decodeSecret($0, ignoring: [0x20, 0x09]) }), [16, 24, 32].contains(key.count) else { return nil }
            return .preShared(key)
        }
    }

    /// Every key, its values decrypted. Each ValueMAC is checked before its
    /// value is decrypted.
    /// - Parameter key: nil for a file with nothing encrypted.
    /// - Returns: the keys in file order; an OCRA key whose PIN policy names a
    ///   PIN key carries that PIN (or, with `PINEncoding` `BINARY`, hash) as its P input.
    /// - Throws: `.wrongPassword` when the password does not open the
    ///   file or a MAC fails with it; `.damagedKeyFile` when a MAC fails, or
    ///   a pre-shared key does not open it; `.badInput` for a key that
    ///   does not fit the file.
    public func decrypted(with key: DecryptionKey?) throws -> [PSKCKey] {
        let byPassword: Bool
        let encryptionKey: SecureBytes?
        switch (protection, key) {
        case (.none, _):
            (byPassword, encryptionKey) = (false, nil)
        case (.password, .password(let password)?):
            let p = pbkdf2!
            guard let derived = PBKDF2.deriveKey(password: password, salt: p.salt, iterations: p.iterations, prf: p.prf, length: p.keyLength) else {
                throw IBKeyError.internalError("PBKDF2 failed")
            }
            (byPassword, encryptionKey) = (true, derived)
        case (.preSharedKey, .preShared(let k)?):
            (byPassword, encryptionKey) = (false, k)
        default:
            throw IBKeyError.badInput("this PSKC file is protected by \(protection == .password ? "a password" : "a pre-shared key")")
        }
        // One message, one kind of error for every way a MAC key, a ValueMAC or a
        // padding can fail: told apart, they would let whoever can feed files
        // to `import` decrypt values byte by byte (a padding oracle on the
        // MACKey, whose ciphertext no MAC covers).
        let failure: IBKeyError = byPassword
            ? .wrongPassword("wrong password for this PSKC file, or the file was altered (its MACs do not check)")
            : .damagedKeyFile("PSKC file damaged, or the wrong pre-shared key (its MACs do not check)")
        var macKey: SecureBytes?
        if let mac {
            if let sealed = mac.encryptedKey {
                // A MAC key shorter than 16 bytes is no key (RFC 2104 wants the
                // digest's length); a short one would also let a crafted MACKey
                // of one block be guessed a byte at a time.
                guard let k = encryptionKey, let opened = try open(sealed, with: k), opened.count >= Self.minimumMACKey else {
                    throw failure // the MAC key does not decrypt
                }
                macKey = opened
            } else {
                macKey = encryptionKey // older files MAC with the encryption key itself
            }
        }
        // Keyed once, for every ValueMAC of the file.
        let valueMACs = mac.flatMap { m in macKey.map { KeyedHMAC(digest: m.digest, key: $0) } }
        func value(_ v: Value?, _ what: String) throws -> SecureBytes? {
            switch v {
            case nil: return nil
            case .plain(let s)?:
                // ibkey export encrypts and MACs every value, the counter too:
                // in a file that says so, a plain value was swapped in.
                if saysIBKeyWroteIt {
                    throw IBKeyError.damagedKeyFile("PSKC file damaged: the \(what) is in the clear in a file written by ibkey export, which encrypts and MACs every value (the file was edited)")
                }
                // In a file that encrypts and MACs its values, a plain key or P
                // input is one someone swapped in (RFC 6030 figures keep only
                // the counter plain; python-pskc, the time and time interval too).
                let integer = Self.integerValues.contains(what)
                if protection != .none && !integer {
                    throw IBKeyError.damagedKeyFile("PSKC file damaged: the \(what) is in the clear in a file that encrypts its values")
                }
                guard s.count > 0 else { return SecureBytes(count: 0) }
                if integer { return try Self.plainCounter(s, what: what) }
                guard let decoded = s.withBytes(Base64.decodeSecret) else { throw IBKeyError.badInput("the \(what) PlainValue is not base64") }
                return decoded
            case .encrypted(let e, let valueMAC)?:
                guard let k = encryptionKey else { throw IBKeyError.badInput("an encrypted \(what) without an encryption key") }
                if let valueMACs {
                    guard let valueMAC else { throw IBKeyError.damagedKeyFile("PSKC file damaged: the \(what) has no ValueMAC, though the file names a MAC method") }
                    guard ConstantTime.equals(valueMACs.mac(e.cipherValue), valueMAC) else {
                        throw failure // the ValueMAC does not match
                    }
                }
                guard let plain = try open(e, with: k) else { throw failure } // a padding that does not check
                return plain
            }
        }
        var keys: [PSKCKey] = []
        for entry in self.keys {
            guard let secret = try value(entry.secret, "secret of key \(entry.id.oneLine)") else {
                throw IBKeyError.badInput("not a PSKC file ibkey can read: key \(entry.id.oneLine) has no secret")
            }
            let counter = try value(entry.counter, "counter").map { try Self.integer($0, key: entry.id) }
            let counterInTheClear = protection != .none && { if case .plain? = entry.counter { true } else { false } }()
            let suite = entry.suite.flatMap { $0.hasPrefix("OCRA-1:") ? $0 : nil }
                ?? entry.algorithm.split(separator: "#", maxSplits: 1).dropFirst().first.map(String.init).flatMap { $0.hasPrefix("OCRA-1:") ? $0 : nil }
            keys.append(PSKCKey(id: entry.id, algorithm: entry.algorithm, suite: suite, userID: entry.userID,
                                serialNumber: entry.serialNumber, parameterSuite: entry.suite, issuer: entry.issuer,
                                responseFormat: entry.responseFormat,
                                time: try value(entry.time, "time").map { try Self.integer($0, key: entry.id, what: "Time") },
                                timeInterval: try value(entry.timeInterval, "time interval").map {
                                    try Self.integer($0, key: entry.id, what: "TimeInterval")
                                },
                                secret: secret, counter: counter, counterInTheClear: counterInTheClear,
                                pInput: try value(entry.pInput, "P input").map { .hash($0) }, pinKeyID: entry.pinKeyID))
        }
        // A PIN policy names the key holding the PIN.
        return keys.enumerated().map { i, k in
            let entry = self.keys[i]
            guard k.pInput == nil, let pinID = entry.pinKeyID,
                  let pinKey = keys.first(where: { $0.id == pinID && $0.isPIN }) else { return k }
            var linked = k
            linked.pInput = entry.pinEncoding?.uppercased() == "BINARY" ? .hash(pinKey.secret) : .pin(pinKey.secret)
            return linked
        }
    }

    /// The values that are whole numbers (`xs:long`), which may be in the
    /// clear in a file that encrypts its keys.
    static let integerValues: Set<String> = ["counter", "time", "time interval"]

    /// The shortest MAC key taken from a file.
    static let minimumMACKey = 16

    private func open(_ e: EncryptedValue, with key: SecureBytes) throws -> SecureBytes? {
        guard key.count == e.keyLength else {
            throw IBKeyError.badInput("the encryption key is \(key.count) bytes, the file's values want \(e.keyLength)")
        }
        return AESCBC.decrypt(e.cipherValue, key: key)
    }

    /// A plain counter (`xs:long`): decimal digits, perhaps after a `+`,
    /// white space around them allowed; returned as the digits.
    static func plainCounter(_ s: SecureBytes, what: String = "counter") throws -> SecureBytes {
        try s.withBytes { b in
            guard let kept = ASCIISpace.trimmed(b) else {
                throw IBKeyError.badInput("not a PSKC file ibkey can read: a \(what) PlainValue is not a decimal number")
            }
            var first = kept.lowerBound
            let last = kept.upperBound
            if b[first] == 0x2B, first < last { first += 1 } // xs:long allows a leading '+'
            guard b[first...last].allSatisfy({ (0x30...0x39).contains($0) }) else {
                throw IBKeyError.badInput("not a PSKC file ibkey can read: a \(what) PlainValue is not a decimal number")
            }
            return SecureBytes(copying: UnsafeRawBufferPointer(rebasing: b[first...last]))
        }
    }

    /// A counter: decimal text, or (encrypted) big-endian bytes — all ASCII
    /// digits reading as decimal text, as python-pskc reads them.
    static func integer(_ v: SecureBytes, key: String, what: String = "counter") throws -> UInt64 {
        try v.withBytes { b in
            guard !b.isEmpty else { throw IBKeyError.badInput("the \(what) of key \(key.oneLine) is empty") }
            if b.allSatisfy({ (0x30...0x39).contains($0) }) {
                guard let value = IBKeyDataFile.decimal(b) else { throw IBKeyError.badInput("the \(what) of key \(key.oneLine) is out of range") }
                return value
            }
            guard b.count <= 8 else { throw IBKeyError.badInput("the \(what) of key \(key.oneLine) is out of range") }
            return b.reduce(0) { $0 << 8 | UInt64($1) }
        }
    }
}
