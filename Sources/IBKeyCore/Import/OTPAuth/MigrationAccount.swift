/// One `OtpParameters` message of a migration payload, read into an
/// `OTPAccount` (the schema is in `MigrationPayload`'s documentation).
enum MigrationAccount {
    static let fieldNames: [UInt32: String] = [1: "secret", 2: "name", 3: "issuer", 4: "algorithm", 5: "digits", 6: "type", 7: "counter"]

    /// Reads the message at `range` of `payload`.
    /// - Throws: `OTPAuthError`: `.damagedPayload` (wire format), `.duplicate`,
    ///   `.missing` or `.invalid` naming the field, or what `OTPAccount.init` throws.
    static func read(_ payload: SecureBytes, _ range: Range<Int>) throws -> OTPAccount {
        var reader = ProtobufReader(payload, range)
        var bytes: [UInt32: Range<Int>] = [:]
        var numbers: [UInt32: UInt64] = [:]
        while !reader.atEnd {
            let (number, value) = try reader.field()
            guard let name = fieldNames[number] else { continue } // unknown: skipped
            guard bytes[number] == nil && numbers[number] == nil else { throw OTPAuthError.duplicate(parameter: name) }
            switch (number, value) {
            case (1...3, .bytes(let r)): bytes[number] = r
            case (4...7, .varint(let v)): numbers[number] = v
            default: throw OTPAuthError.damagedPayload("the \(name) field has the wrong wire type")
            }
        }
        let suite = try OTPSuite(kind: try kind(numbers[6]), hash: try algorithm(numbers[4]), digits: try digits(numbers[5]))
        var counter: UInt64?
        if suite.usesCounter {
            let c = numbers[7] ?? 0
            guard c <= UInt64(Int64.max) else { throw OTPAuthError.invalid(parameter: "counter", reason: "is negative") }
            counter = c
        }
        guard let secretRange = bytes[1] else { throw OTPAuthError.missing(parameter: "secret") }
        guard !secretRange.isEmpty else { throw OTPAuthError.invalid(parameter: "secret", reason: "is empty") }
        let (issuer, name) = OTPLabel.split(try text(payload, bytes[2], "name"), issuer: try text(payload, bytes[3], "issuer"))
        return try OTPAccount(suite: suite, secret: SecureBytes(copying: payload, range: secretRange),
                              counter: counter, name: name, issuer: issuer)
    }

    /// The enum's value as the message shows it: negative values (which
    /// protobuf writes as 10-byte varints) as negative numbers.
    private static func shown(_ v: UInt64) -> Int64 { Int64(bitPattern: v) }

    private static func kind(_ v: UInt64?) throws -> OTPSuite.Kind {
        switch v {
        case 1: return .hotp
        case 2: return .totp(period: OTPSuite.defaultPeriod)
        case nil, 0: throw OTPAuthError.invalid(parameter: "type", reason: "is unspecified (0): neither hotp nor totp")
        case let v?: throw OTPAuthError.invalid(parameter: "type", reason: "must be 1 (hotp) or 2 (totp), got \(shown(v))")
        }
    }

    private static func algorithm(_ v: UInt64?) throws -> HashAlgorithm {
        switch v {
        case nil, 0, 1: return .sha1
        case 2: return .sha256
        case 3: return .sha512
        case 4: throw OTPAuthError.invalid(parameter: "algorithm", reason: "MD5 is not supported (SHA1, SHA256 or SHA512 are)")
        case let v?: throw OTPAuthError.invalid(parameter: "algorithm", reason: "must be 1 to 3 (SHA1, SHA256, SHA512), got \(shown(v))")
        }
    }

    private static func digits(_ v: UInt64?) throws -> Int {
        switch v {
        case nil, 0, 1: return 6
        case 2: return 8
        case let v?: throw OTPAuthError.invalid(parameter: "digits", reason: "must be 1 (six) or 2 (eight), got \(shown(v))")
        }
    }

    /// A `string` field: UTF-8 by the protobuf spec; "" when absent.
    private static func text(_ payload: SecureBytes, _ range: Range<Int>?, _ field: String) throws -> String {
        guard let range else { return "" }
        let raw = payload.withBytes { Array($0[range]) }
        guard let s = String(validating: raw, as: UTF8.self) else {
            throw OTPAuthError.invalid(parameter: field, reason: "is not UTF-8 text")
        }
        return s
    }
}
