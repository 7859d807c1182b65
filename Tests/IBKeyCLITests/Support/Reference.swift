import IBKeyCore

/// Independent answers for CLI tests: codes made from known keys, and the
/// responses the OCRA reference (the KAT-checked core) gives for them.
enum Reference {
    static let keyHex = "ae7ea584ec7cfaffccca2a4238f8f1fb8e26d5da"

    static func code(_ id: SuiteID = .ibKeySHA1, counter: UInt32 = 1, keyHex: String = keyHex) -> String {
        let key = SecureBytes(copying: Hex.decode(keyHex.count == id.keyLength * 2 ? keyHex : String(repeating: "ab", count: id.keyLength))!)
        return ActivationCode(suiteID: id, counter: counter, key: key).text().withBytes { String(decoding: $0, as: UTF8.self) }
    }

    /// The response for the default code's key at `counter`, P = hash(enrollment PIN).
    static func response(_ challenge: String, counter: UInt64, pin: String = Fixture.pin, id: SuiteID = .ibKeySHA1,
                         keyHex: String = keyHex) throws -> String {
        let suite = id.suite
        let key = SecureBytes(copying: Hex.decode(keyHex.count == id.keyLength * 2 ? keyHex : String(repeating: "ab", count: id.keyLength))!)
        let ph = suite.pinHash.map { $0.hash(SecureBytes(copying: Array(pin.utf8))) }
        return try OCRA(suite: suite, key: key).response(OCRAInput(counter: suite.usesCounter ? counter : nil, question: challenge, pinHash: ph))
    }
}
