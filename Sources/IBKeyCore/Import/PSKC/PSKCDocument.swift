/// A PSKC 1.0 file (RFC 6030), parsed but not yet decrypted: what protects
/// it, and its keys' encrypted or plain values (Docs/IMPORT.md, "PSKC").
public struct PSKCDocument {
    static let ns = "urn:ietf:params:xml:ns:keyprov:pskc"
    static let xmlenc = "http://www.w3.org/2001/04/xmlenc#"
    /// ibkey's own extension: the P input, so that a user moves between vaults whole.
    static let ibkeyNS = "urn:ibkey:pskc:1"
    /// Files larger than this are refused before being parsed.
    public static let maxFileSize = KeyFileFormat.maxSize
    /// PBKDF2 iteration counts a file may ask for (about 20 s at the top).
    static let maxIterations: UInt32 = 10_000_000

    /// What the file's encrypted values need.
    public enum Protection: Equatable {
        /// Nothing is encrypted.
        case none
        /// A password, stretched with PBKDF2 (RFC 6030 §6.2).
        case password
        /// A pre-shared key (RFC 6030 §6.1), with the name the file gives it.
        case preSharedKey(name: String?)
    }

    /// What the encrypted values need; `decrypted(with:)` wants the matching key.
    public let protection: Protection
    /// The keys, in file order.
    public let keys: [Entry]
    /// The file says `ibkey export` wrote it (its `MasterKeyName`, a key's
    /// `Issuer`, or ibkey's own extension). Such a file encrypts and MACs every
    /// value, so a value in the clear in it was put there by someone else.
    public let saysIBKeyWroteIt: Bool

    let pbkdf2: PBKDF2Parameters?
    let mac: MACMethod?

    /// The PBKDF2 iteration count a password file asks for (the fuzzer skips costly ones).
    public var passwordIterations: UInt32? { pbkdf2?.iterations }

    struct PBKDF2Parameters {
        let salt: [UInt8]
        let iterations: UInt32
        let keyLength: Int
        let prf: Digest
    }

    struct MACMethod {
        let digest: Digest
        /// The MAC key, encrypted under the encryption key; nil: the encryption key itself.
        let encryptedKey: EncryptedValue?
    }

    /// A key as the file describes it, its values still sealed.
    public struct Entry {
        /// `Key/@Id` (older files: `KeyId`), else `#n`, the key's place in the file.
        public let id: String
        /// The `Algorithm` URI; empty when absent.
        public let algorithm: String
        /// `AlgorithmParameters/Suite`, when present and not empty.
        public let suite: String?
        /// `Key/UserId`, else `DeviceInfo/UserId`; nil when absent or empty.
        public let userID: String?
        /// `DeviceInfo/SerialNo`; nil when absent or empty.
        public let serialNumber: String?
        /// `Key/Issuer`; nil when absent or empty.
        public let issuer: String?
        /// `AlgorithmParameters/ResponseFormat`: its `Length`, `Encoding` and
        /// `CheckDigits` attributes as written (TOTP and HOTP keys read them).
        let responseFormat: ResponseFormat?
        /// `Key/@Id` of the PIN key its PIN policy names (RFC 6030 §4.3.5).
        let pinKeyID: String?
        /// The PIN policy's `PINEncoding`: `BINARY` means the PIN key already
        /// holds the P input (a hash), as multiOTP writes it.
        let pinEncoding: String?
        let secret: Value?
        let counter: Value?
        let pInput: Value?
        /// `Data/Time` and `Data/TimeInterval` (TOTP keys).
        let time: Value?
        let timeInterval: Value?
    }

    /// The attributes of a key's `ResponseFormat` (RFC 6030 §4.3.4).
    struct ResponseFormat {
        let length: String?
        let encoding: String?
        let checkDigits: String?
    }

    /// A value as stored: plain, or AES-CBC with an optional ValueMAC.
    enum Value {
        case plain(SecureBytes)
        case encrypted(EncryptedValue, mac: [UInt8]?)
    }

    struct EncryptedValue {
        let keyLength: Int
        let cipherValue: [UInt8]
    }

    /// Parses `bytes` (at most `maxFileSize`).
    /// - Parameter bytes: the whole file, in guarded memory (`PlainValue` text stays there).
    /// - Returns: the document, its values still sealed.
    /// - Throws: `.badInput` for anything that is not a PSKC 1.0 file ibkey can read.
    ///   Also `.damagedKeyFile` when values carry a `ValueMAC` but no
    ///   `MACMethod` says how to check it, and `.io` when libexpat
    ///   cannot be loaded (Docs/IMPORT.md, "Why libexpat, loaded with `dlopen`").
    public static func parse(_ bytes: SecureBytes) throws -> PSKCDocument {
        func refuse(_ why: String) -> IBKeyError { .badInput("not a PSKC file ibkey can read: \(why)") }
        guard bytes.count <= maxFileSize else { throw refuse("the file is larger than 1 MiB") }
        let root: XMLNode
        do { root = try XMLDocument.parse(bytes, secretElements: ["PlainValue"]) } catch let r as XMLDocument.Refusal {
            throw refuse("\(r.reason) (line \(r.line))")
        }
        guard root.name == "KeyContainer", root.namespace == ns else {
            throw refuse("the root is \(root.namespace.isEmpty ? "" : "{\(root.namespace.oneLine)}")\(root.name.oneLine), not a PSKC KeyContainer in \(ns)")
        }
        guard let version = root.attributes["Version"], version == "1.0" || version == "1" else {
            throw refuse("PSKC version \(root.attributes["Version"]?.oneLine ?? "missing"), expected 1.0")
        }
        var protection = Protection.none
        var pbkdf2: PBKDF2Parameters?
        if let encryptionKey = root.first("EncryptionKey", ns) {
            if let derived = encryptionKey.first("DerivedKey") {
                pbkdf2 = try parsePBKDF2(derived, refuse: refuse)
                protection = .password
            } else if let name = encryptionKey.first("KeyName") {
                protection = .preSharedKey(name: name.trimmedText)
            } else {
                throw refuse("EncryptionKey is neither a DerivedKey nor a KeyName")
            }
        }
        var mac: MACMethod?
        if let method = root.first("MACMethod", ns) {
            guard let algorithm = method.attributes["Algorithm"], let digest = hmacDigest(algorithm) else {
                throw refuse("unsupported MAC algorithm \(method.attributes["Algorithm"]?.oneLine ?? "(none)")")
            }
            mac = MACMethod(digest: digest, encryptedKey: try method.first("MACKey", ns).map { try encryptedValue($0, refuse: refuse) })
        }
        var keys: [Entry] = []
        for package in root.all("KeyPackage", ns) {
            for key in package.all("Key", ns) {
                keys.append(try entry(key, package: package, position: keys.count + 1, refuse: refuse))
            }
        }
        guard !keys.isEmpty else { throw refuse("it holds no key") }
        let saysIBKey = root.first("EncryptionKey", ns)?.first("DerivedKey")?.first("MasterKeyName")?.trimmedText == "ibkey export"
            || keys.contains { $0.issuer == "ibkey" || $0.pInput != nil }
        let values = keys.flatMap { [$0.secret, $0.counter, $0.pInput, $0.time, $0.timeInterval] }
        let encrypted = values.contains { if case .encrypted = $0 { true } else { false } }
        if encrypted && protection == .none { throw refuse("values are encrypted, but no EncryptionKey says how") }
        // RFC 6030 §6.1.1: AES-CBC has no integrity of its own, so every
        // encrypted value MUST carry a MAC; without one, whoever can edit the
        // file could change a key unnoticed.
        if encrypted && mac == nil {
            if values.contains(where: { if case .encrypted(_, _?) = $0 { true } else { false } }) {
                throw IBKeyError.damagedKeyFile("PSKC file damaged: values carry a ValueMAC, but no MACMethod says how to check it")
            }
            throw refuse("values are encrypted with AES-CBC, but there is no MACMethod to check them (RFC 6030 §6.1.1)")
        }
        return PSKCDocument(protection: protection, keys: keys, saysIBKeyWroteIt: saysIBKey, pbkdf2: pbkdf2, mac: mac)
    }

    /// - Parameter position: the key's place in the file (from 1): its name in
    ///   messages when it has no `Id` (which RFC 6030 requires, and older files lack).
    private static func entry(_ key: XMLNode, package: XMLNode, position: Int, refuse: (String) -> IBKeyError) throws -> Entry {
        let id = key.attributes["Id"] ?? key.attributes["KeyId"] ?? "#\(position)"
        let data = key.first("Data", ns)
        func value(_ node: XMLNode?) throws -> Value? {
            guard let node else { return nil }
            if let plain = node.first("PlainValue", ns) { return .plain(plain.secretText ?? SecureBytes(count: 0)) }
            if let enc = node.first("EncryptedValue", ns) {
                let mac = try node.first("ValueMAC", ns).map { m -> [UInt8] in
                    guard let b = Base64.decode(m.trimmedText) else { throw refuse("a ValueMAC is not base64") }
                    return b
                }
                return .encrypted(try encryptedValue(enc, refuse: refuse), mac: mac)
            }
            throw refuse("\(node.name) of key \(id.oneLine) holds neither PlainValue nor EncryptedValue")
        }
        let suite = key.find("AlgorithmParameters", "Suite")?.trimmedText
        let userID = key.first("UserId", ns)?.trimmedText ?? package.find("DeviceInfo", "UserId")?.trimmedText
        return Entry(id: id, algorithm: key.attributes["Algorithm"] ?? "", suite: suite?.isEmpty == false ? suite : nil,
                     userID: userID?.isEmpty == false ? userID : nil,
                     serialNumber: package.find("DeviceInfo", "SerialNo").map(\.trimmedText).flatMap { $0.isEmpty ? nil : $0 },
                     issuer: key.first("Issuer", ns).map(\.trimmedText).flatMap { $0.isEmpty ? nil : $0 },
                     responseFormat: key.find("AlgorithmParameters", "ResponseFormat").map {
                         ResponseFormat(length: $0.attributes["Length"], encoding: $0.attributes["Encoding"], checkDigits: $0.attributes["CheckDigits"])
                     },
                     pinKeyID: key.find("Policy", "PINPolicy")?.attributes["PINKeyId"],
                     pinEncoding: key.find("Policy", "PINPolicy")?.attributes["PINEncoding"],
                     secret: try value(data?.first("Secret", ns)), counter: try value(data?.first("Counter", ns)),
                     pInput: try value(key.first("Extensions", ns)?.first("PInput", ibkeyNS)),
                     time: try value(data?.first("Time", ns)), timeInterval: try value(data?.first("TimeInterval", ns)))
    }

    private static func encryptedValue(_ node: XMLNode, refuse: (String) -> IBKeyError) throws -> EncryptedValue {
        let algorithm = node.first("EncryptionMethod", xmlenc)?.attributes["Algorithm"] ?? ""
        let lengths = ["aes128-cbc": 16, "aes192-cbc": 24, "aes256-cbc": 32]
        guard let suffix = algorithm.split(separator: "#").last, let keyLength = lengths[String(suffix)], algorithm.hasPrefix(xmlenc) else {
            throw refuse("unsupported encryption \(algorithm.isEmpty ? "(none named)" : algorithm.oneLine); ibkey reads AES-CBC (xmlenc aes128-cbc, aes192-cbc, aes256-cbc)")
        }
        guard let text = node.find("CipherData", "CipherValue")?.trimmedText, let bytes = Base64.decode(text) else {
            throw refuse("an EncryptedValue has no base64 CipherValue")
        }
        return EncryptedValue(keyLength: keyLength, cipherValue: bytes)
    }

    private static func parsePBKDF2(_ derived: XMLNode, refuse: (String) -> IBKeyError) throws -> PBKDF2Parameters {
        guard let method = derived.first("KeyDerivationMethod"), method.attributes["Algorithm"]?.hasSuffix("#pbkdf2") == true,
              let params = method.first("PBKDF2-params") else {
            throw refuse("the only key derivation ibkey reads is PBKDF2")
        }
        guard let saltText = params.find("Salt", "Specified")?.trimmedText, let salt = Base64.decode(saltText), salt.count <= 1024,
              let iterations = UInt32(params.first("IterationCount")?.trimmedText ?? ""), (1...maxIterations).contains(iterations),
              let keyLength = Int(params.first("KeyLength")?.trimmedText ?? ""), [16, 24, 32].contains(keyLength) else {
            throw refuse("PBKDF2 parameters missing or out of range (salt ≤ 1 KiB, 1 to \(maxIterations) iterations, a 16-, 24- or 32-byte key)")
        }
        var prf = Digest.sha1 // PKCS #5's default
        if let node = params.first("PRF") {
            let uri = node.attributes["Algorithm"] ?? node.trimmedText // python-pskc writes it as text
            if !uri.isEmpty {
                guard let d = hmacDigest(uri) else { throw refuse("unsupported PBKDF2 PRF \(uri.oneLine)") }
                prf = d
            }
        }
        return PBKDF2Parameters(salt: salt, iterations: iterations, keyLength: keyLength, prf: prf)
    }

    /// `…#hmac-sha256` and the like (RFC 6030 §6.1.1).
    static func hmacDigest(_ uri: String) -> Digest? {
        guard let fragment = uri.split(separator: "#").last, fragment.hasPrefix("hmac-") else { return nil }
        return Digest(rawValue: String(fragment.dropFirst(5).filter { $0 != "-" }))
    }
}
