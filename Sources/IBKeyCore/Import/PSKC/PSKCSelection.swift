extension PSKCKey {
    /// Which keys of a file go into the vault (Docs/IMPORT.md, "PSKC").
    /// - Parameters:
    ///   - keys: every key of the file, decrypted.
    ///   - keyID: `--key-id`: only the key with this `Id`.
    /// - Returns: the OCRA, HOTP and TOTP keys, in file order. A PIN key that
    ///   a key's PIN policy names is that key's P input (OCRA) or its local
    ///   PIN (HOTP, TOTP: the vault PIN does that job), not a key of its own.
    /// - Throws: `.badInput` for a key of another algorithm (named), a
    ///   missing or unparsable suite, parameters ibkey cannot honour, an unknown `keyID`.
    public static func importable(_ keys: [PSKCKey], keyID: String?) throws -> [ImportedKey] {
        var chosen = keys
        if let keyID {
            chosen = keys.filter { $0.id == keyID }
            guard !chosen.isEmpty else {
                throw IBKeyError.badInput("no key with Id '\(keyID.oneLine)' in the file (it holds \(keys.prefix(8).map { "'\($0.id.oneLine)'" }.joined(separator: ", "))\(keys.count > 8 ? ", …" : ""))")
            }
        } else {
            let linkedPINs = Set(keys.compactMap { $0.pinKeyID })
            chosen = keys.filter { !($0.isPIN && linkedPINs.contains($0.id)) }
        }
        return try chosen.map { try $0.imported() }
    }

    /// This key as an import: an OCRA key with a suite ibkey answers, or an
    /// HOTP or TOTP key whose parameters ibkey's accounts can hold.
    func imported() throws -> ImportedKey {
        if isHOTP || isTOTP { return try importedOTP() }
        guard isOCRA else {
            throw IBKeyError.badInput("key \(id.oneLine) is a \(algorithmName.oneLine) key; ibkey imports OCRA, HOTP and TOTP keys")
        }
        guard let suiteText = suite else {
            throw IBKeyError.badInput("key \(id.oneLine) is OCRA but names no suite (neither AlgorithmParameters/Suite nor a suite after '#' in its Algorithm)")
        }
        let parsed: OCRASuite
        do { parsed = try OCRASuite(suiteText) } catch let e as IBKeyError {
            throw IBKeyError.badInput("key \(id.oneLine): \(e.message)")
        }
        return try ImportedKey(defaultName: defaultName, keyID: id, suite: parsed, secret: secret,
                               counter: counter ?? 0, pInput: pInput)
    }

    /// An HOTP or TOTP key as an account (Docs/IMPORT.md, "HOTP and TOTP keys"):
    /// - the hash: SHA1, unless `AlgorithmParameters/Suite` names another
    ///   (`HMAC-SHA256`, as python-pskc and OATH servers write it, or
    ///   `SHA256`), or is ibkey's own text (`TOTP-SHA256-8-60`), which then
    ///   gives the digits and period too;
    /// - the digits: `ResponseFormat` `Length`, 6 to 8 (6 when absent),
    ///   `Encoding` `DECIMAL`, no Luhn check digit;
    /// - HOTP: `Data/Counter` (0 when absent);
    /// - TOTP: `Data/TimeInterval` (30 when absent), 1 to 300 seconds, and
    ///   `Data/Time` (T0) 0 or absent: ibkey counts time steps from the Unix epoch.
    /// Whatever the key's file says twice must agree.
    private func importedOTP() throws -> ImportedKey {
        let what = "key \(id.oneLine)"
        func refuse(_ why: String) -> IBKeyError { .badInput("\(what) (\(isHOTP ? "HOTP" : "TOTP")): \(why)") }
        var named: OTPSuite?
        var hash = HashAlgorithm.sha1
        if let text = parameterSuite {
            if text.hasPrefix("TOTP-") || text.hasPrefix("HOTP-") {
                do { named = try OTPSuite(text) } catch let e as IBKeyError { throw refuse(e.message) }
                guard named?.usesCounter == isHOTP else { throw refuse("its Suite \(text.oneLine) is of the other kind") }
                hash = named!.hash
            } else {
                guard let h = Self.hash(named: text) else {
                    throw refuse("unsupported algorithm \(text.oneLine) in AlgorithmParameters/Suite (SHA1, SHA256 or SHA512 are)")
                }
                hash = h
            }
        }
        var digits = named?.digits ?? 6
        if let format = responseFormat {
            if let encoding = format.encoding, encoding.uppercased() != "DECIMAL" {
                throw refuse("unsupported ResponseFormat Encoding \(encoding.oneLine): ibkey's codes are decimal")
            }
            if let check = format.checkDigits, ["true", "1"].contains(check.lowercased()) {
                throw refuse("ResponseFormat CheckDigits (a Luhn check digit after the code) is not supported")
            }
            if let length = format.length {
                guard let n = Int(length), OTPSuite.digitCounts.contains(n) else {
                    throw refuse("unsupported ResponseFormat Length \(length.oneLine): codes of 6, 7 or 8 digits are")
                }
                if let named, named.digits != n { throw refuse("its Suite says \(named.digits) digits, its ResponseFormat \(n)") }
                digits = n
            }
        }
        let kind: OTPSuite.Kind
        if isHOTP {
            kind = .hotp
        } else {
            if let t0 = time, t0 != 0 {
                throw refuse("Data/Time is \(t0): a start time (T0) other than 0 is not supported; ibkey counts time steps from the Unix epoch")
            }
            var period = named?.period ?? OTPSuite.defaultPeriod
            if let interval = timeInterval {
                guard interval >= 1, interval <= UInt64(OTPSuite.periods.upperBound) else {
                    throw refuse("unsupported Data/TimeInterval \(interval): a period of 1 to 300 seconds is")
                }
                if let named, named.period != Int(interval) { throw refuse("its Suite says a period of \(named.period ?? 0) s, its TimeInterval \(interval) s") }
                period = Int(interval)
            }
            kind = .totp(period: period)
        }
        let suite = try OTPSuite(kind: kind, hash: hash, digits: digits)
        // ibkey export marks its files with the Issuer `ibkey`: that is no account's service.
        return try ImportedKey(defaultName: defaultName, keyID: id, suite: .otp(suite), issuer: issuer == "ibkey" ? nil : issuer,
                               secret: secret, counter: isHOTP ? counter ?? 0 : 0, pInput: nil)
    }

    /// The hash an HOTP or TOTP key's `Suite` names: `HMAC-SHA256`,
    /// `SHA256`, `SHA-256`, in either case.
    static func hash(named text: String) -> HashAlgorithm? {
        var t = Substring(text.uppercased())
        if t.hasPrefix("HMAC-") { t = t.dropFirst(5) }
        if t.hasPrefix("SHA-") { t = "SHA" + t.dropFirst(4) }
        return HashAlgorithm(rawValue: String(t))
    }
}
