extension PSKCKey {
    /// Which keys of a file go into the vault (Docs/IMPORT.md, "PSKC").
    /// - Parameters:
    ///   - keys: every key of the file, decrypted.
    ///   - keyID: `--key-id`: only the key with this `Id`.
    /// - Returns: the OCRA keys, in file order. A PIN key that an OCRA key's PIN
    ///   policy names is that key's P input, not a key of its own.
    /// - Throws: `.badInput` for a key of another algorithm (named), a
    ///   missing or unparsable suite, an unknown `keyID`.
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

    /// This key as an import, if it is an OCRA key with a suite ibkey answers.
    func imported() throws -> ImportedKey {
        guard isOCRA else {
            throw IBKeyError.badInput("key \(id.oneLine) is a \(algorithmName.oneLine) key, not OCRA; ibkey imports OCRA keys only")
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
}
