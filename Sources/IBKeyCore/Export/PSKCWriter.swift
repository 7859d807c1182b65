/// Writes one user as a PSKC 1.0 file (RFC 6030) that other OATH tools read
/// (Docs/IMPORT.md, "Export"): AES-256-CBC under a PBKDF2-HMAC-SHA256 key
/// from a password (§6.2), every encrypted value MACed with HMAC-SHA256 under
/// a random MAC key that is itself encrypted (§6.1.1), the counter as
/// decimal text, the suite both in
/// `AlgorithmParameters/Suite` and after `#` in the algorithm URI. The P
/// input of PIN suites travels in ibkey's own extension, encrypted and MACed
/// like the secret, so that `ibkey import` restores the user whole.
///
/// TOTP and HOTP accounts get RFC 6030's algorithm URIs (`…pskc:hotp`,
/// `…pskc#totp`), their code length in `ResponseFormat`, the HOTP counter,
/// or the TOTP period (`TimeInterval`) and origin (`Time`, 0), each
/// encrypted and MACed like the counter, the issuer in `Issuer`, and the
/// hash in `AlgorithmParameters/Suite` as `HMAC-SHA256` (what python-pskc's
/// own test files write): the URI alone does not say it, and a reader that
/// assumed SHA1 would compute wrong codes.
public enum PSKCWriter {
    /// PBKDF2 iterations written by default: OWASP's 2023 figure for
    /// PBKDF2-HMAC-SHA256, about 0.3 s here; a file's password is its only guard.
    public static let defaultIterations: UInt32 = 600_000
    static let keyLength = 32
    static let macKeyLength = 32

    /// What goes into the file.
    public struct Token {
        /// The user's name: the key's `Id` and `UserId`.
        public let name: String
        /// The suite: OCRA (written in `AlgorithmParameters/Suite` and after
        /// `#` in the algorithm URI) or TOTP/HOTP.
        public let suite: UserSuite
        /// The OCRA key, read in place.
        public let secret: SecretRef
        /// The next counter; written only for suites with C, and HOTP.
        public let counter: UInt64
        /// The P input as the vault holds it (the PIN's hash), for suites with
        /// P; nil otherwise. Written in ibkey's own extension.
        public let pInput: SecretRef?
        /// The service of a TOTP/HOTP account (`Issuer`); nil when the vault
        /// holds none. OCRA users are written with issuer `ibkey`.
        public let issuer: String?

        /// One OCRA user, as the vault gives it.
        /// - Parameters:
        ///   - name: the user's name.
        ///   - suite: the user's suite.
        ///   - secret: the key.
        ///   - counter: the next counter (ignored for suites without C).
        ///   - pInput: the PIN hash, for suites with P.
        public init(name: String, suite: OCRASuite, secret: SecretRef, counter: UInt64, pInput: SecretRef?) {
            self.name = name; self.suite = .ocra(suite); self.secret = secret; self.counter = counter; self.pInput = pInput
            self.issuer = nil
        }

        /// One TOTP or HOTP account, as the vault gives it.
        /// - Parameters:
        ///   - name: the account's name in the vault.
        ///   - suite: TOTP or HOTP, hash, digits, period.
        ///   - secret: the key.
        ///   - counter: HOTP: the next counter (ignored for TOTP).
        ///   - issuer: the account's service, or nil.
        public init(name: String, suite: OTPSuite, secret: SecretRef, counter: UInt64, issuer: String?) {
            self.name = name; self.suite = .otp(suite); self.secret = secret; self.counter = counter; self.pInput = nil
            self.issuer = issuer
        }
    }

    /// The file's text (UTF-8), ready to write. Fresh random salt, MAC key
    /// and IVs each time, so two exports of one user differ.
    /// - Parameters:
    ///   - token: the user to write.
    ///   - password: the file's password, in guarded memory.
    ///   - iterations: PBKDF2 iterations (tests use fewer).
    /// - Returns: the XML text; it holds the key encrypted, never in the clear.
    public static func document(for token: Token, password: SecureBytes, iterations: UInt32 = defaultIterations) -> String {
        let salt = Random.bytes(16)
        guard let key = PBKDF2.deriveKey(password: password, salt: salt, iterations: iterations, prf: .sha256, length: keyLength) else {
            preconditionFailure("OpenSSL PBKDF2 failed")
        }
        let macKey = Random.secret(macKeyLength)
        let valueMACs = KeyedHMAC(digest: .sha256, key: macKey)
        func sealed(_ plain: SecureBytes, indent: String) -> String {
            let value = AESCBC.encrypt(plain, key: key)
            return """
            \(indent)<pskc:EncryptedValue>
            \(indent)  <xenc:EncryptionMethod Algorithm="\(PSKCDocument.xmlenc)aes256-cbc"/>
            \(indent)  <xenc:CipherData><xenc:CipherValue>\(Base64.encode(value))</xenc:CipherValue></xenc:CipherData>
            \(indent)</pskc:EncryptedValue>
            \(indent)<pskc:ValueMAC>\(Base64.encode(valueMACs.mac(value)))</pskc:ValueMAC>
            """
        }
        // Numbers as decimal text: what python-pskc and ibkey both read
        // without doubt (8 big-endian bytes that happen to be ASCII digits
        // would read as a decimal number).
        func number(_ element: String, _ value: UInt64) -> String {
            """

                    <pskc:\(element)>
            \(sealed(SecureBytes(copying: Array(String(value).utf8)), indent: "          "))
                    </pskc:\(element)>
            """
        }
        let suite = token.suite
        let name = escaped(token.name)
        var data = suite.usesCounter ? number("Counter", token.counter) : ""
        if let period = suite.otp?.period {
            // RFC 6030's TOTP data: the clock's origin T0 (always 0 here) and the step.
            data += number("Time", 0) + number("TimeInterval", UInt64(period))
        }
        let pInput = token.pInput.map { p in """

                  <pskc:Extensions>
                    <ibkey:PInput>
            \(sealed(p.materialize(), indent: "          "))
                    </ibkey:PInput>
                  </pskc:Extensions>
            """ } ?? ""
        return """
        <?xml version="1.0" encoding="UTF-8"?>
        <pskc:KeyContainer xmlns:pskc="\(PSKCDocument.ns)" xmlns:xenc="\(PSKCDocument.xmlenc)" \
        xmlns:xenc11="http://www.w3.org/2009/xmlenc11#" xmlns:pkcs5="http://www.rsasecurity.com/rsalabs/pkcs/schemas/pkcs-5v2-0#" \
        xmlns:ibkey="\(PSKCDocument.ibkeyNS)" Version="1.0">
          <pskc:EncryptionKey>
            <xenc11:DerivedKey>
              <xenc11:KeyDerivationMethod Algorithm="http://www.rsasecurity.com/rsalabs/pkcs/schemas/pkcs-5v2-0#pbkdf2">
                <pkcs5:PBKDF2-params>
                  <Salt><Specified>\(Base64.encode(salt))</Specified></Salt>
                  <IterationCount>\(iterations)</IterationCount>
                  <KeyLength>\(keyLength)</KeyLength>
                  <PRF Algorithm="http://www.w3.org/2001/04/xmldsig-more#hmac-sha256"/>
                </pkcs5:PBKDF2-params>
              </xenc11:KeyDerivationMethod>
              <xenc11:MasterKeyName>ibkey export</xenc11:MasterKeyName>
            </xenc11:DerivedKey>
          </pskc:EncryptionKey>
          <pskc:MACMethod Algorithm="http://www.w3.org/2001/04/xmldsig-more#hmac-sha256">
            <pskc:MACKey>
              <xenc:EncryptionMethod Algorithm="\(PSKCDocument.xmlenc)aes256-cbc"/>
              <xenc:CipherData><xenc:CipherValue>\(Base64.encode(AESCBC.encrypt(macKey, key: key)))</xenc:CipherValue></xenc:CipherData>
            </pskc:MACKey>
          </pskc:MACMethod>
          <pskc:KeyPackage>
            <pskc:Key Id="\(name)" Algorithm="\(algorithmURI(suite))">\(issuerElement(token))
              <pskc:AlgorithmParameters>
        \(algorithmParameters(suite))
              </pskc:AlgorithmParameters>
              <pskc:Data>
                <pskc:Secret>
        \(sealed(token.secret.materialize(), indent: "          "))
                </pskc:Secret>\(data)
              </pskc:Data>
              <pskc:UserId>\(name)</pskc:UserId>\(pInput)
            </pskc:Key>
          </pskc:KeyPackage>
        </pskc:KeyContainer>

        """
    }

    /// Whether XML 1.0 can carry `text` (its Char production leaves out
    /// U+FFFE and U+FFFF; control characters never reach a vault name).
    /// - Parameter text: a user name.
    /// - Returns: false when the name cannot be written to a PSKC file.
    public static func canHold(_ text: String) -> Bool {
        !text.unicodeScalars.contains { $0.value == 0xFFFE || $0.value == 0xFFFF || ($0.value < 0x20 && $0.value != 0x09 && $0.value != 0x0A && $0.value != 0x0D) }
    }

    /// The TOTP algorithm URI RFC 6030 §10 registers with the PSKC algorithm profiles.
    static let totpURI = "\(PSKCDocument.ns)#totp"
    /// The HOTP algorithm URI of RFC 6030 §10.
    static let hotpURI = "\(PSKCDocument.ns):hotp"

    /// The key's `Algorithm`: the OCRA suite after `#`, or TOTP's or HOTP's URI.
    static func algorithmURI(_ suite: UserSuite) -> String {
        switch suite {
        case .ocra(let s): "\(PSKCDocument.ns)#\(s.text)"
        case .otp(let s): s.usesCounter ? hotpURI : totpURI
        }
    }

    /// `<Issuer>`, on a line of its own: `ibkey` for OCRA users (who have no
    /// other), the account's service for TOTP/HOTP, none when the vault has none.
    static func issuerElement(_ token: Token) -> String {
        let issuer: String? = token.suite.ocra != nil ? "ibkey" : token.issuer
        return issuer.map { "\n      <pskc:Issuer>\(escaped($0))</pskc:Issuer>" } ?? ""
    }

    /// `AlgorithmParameters`' children. OCRA: the suite, the challenge and the
    /// response formats. TOTP/HOTP: the hash as python-pskc's files name it
    /// (`HMAC-SHA256`) and the code length.
    static func algorithmParameters(_ suite: UserSuite) -> String {
        switch suite {
        case .ocra(let s):
            """
                <pskc:Suite>\(s.text)</pskc:Suite>
                <pskc:ChallengeFormat Encoding="\(challengeEncoding(s))" Min="\(Challenge.lengths(for: s).lowerBound)" Max="\(s.challengeLength)"/>
                <pskc:ResponseFormat \(responseFormat(s))/>
        """
        case .otp(let s):
            """
                <pskc:Suite>HMAC-\(s.hash.rawValue)</pskc:Suite>
                <pskc:ResponseFormat Encoding="DECIMAL" Length="\(s.digits)"/>
        """
        }
    }

    /// `ResponseFormat`: decimal digits, or (digits 0, no truncation) the
    /// whole HMAC in hex, as `respond` prints it.
    static func responseFormat(_ suite: OCRASuite) -> String {
        suite.digits == 0 ? "Encoding=\"HEXADECIMAL\" Length=\"\(2 * suite.hash.digestLength)\""
                          : "Encoding=\"DECIMAL\" Length=\"\(suite.digits)\""
    }

    static func challengeEncoding(_ suite: OCRASuite) -> String {
        switch suite.challengeFormat {
        case .numeric: "DECIMAL"
        case .hex: "HEXADECIMAL"
        case .alphanumeric: "ALPHANUMERIC"
        }
    }

    /// Text for an XML attribute or element: the five markup characters escaped.
    static func escaped(_ s: String) -> String {
        var out = ""
        for c in s.unicodeScalars {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            default: out.unicodeScalars.append(c)
            }
        }
        return out
    }
}
