/// Google Authenticator's export: `otpauth-migration://offline?data=…`, where
/// `data` is the percent-encoded base64 (standard alphabet, or URL-safe;
/// padding optional) of a protobuf `MigrationPayload`. The schema, from
/// Google Authenticator's own `.proto` as published by the tools that read it:
///
///     message MigrationPayload {
///       repeated OtpParameters otp_parameters = 1;
///       int32 version = 2; int32 batch_size = 3; int32 batch_index = 4; int32 batch_id = 5;
///     }
///     message OtpParameters {
///       bytes secret = 1; string name = 2; string issuer = 3;
///       Algorithm algorithm = 4;  // 0 unspecified (SHA1), 1 SHA1, 2 SHA256, 3 SHA512, 4 MD5
///       DigitCount digits = 5;    // 0 unspecified (6), 1 six, 2 eight
///       OtpType type = 6;         // 0 unspecified, 1 HOTP, 2 TOTP
///       int64 counter = 7;
///     }
///
/// TOTP periods are always 30 seconds (the format has no field for one).
/// Protobuf omits zero values, so an HOTP account without `counter` has
/// counter 0 (unlike an otpauth URI, where the parameter is required). Fields
/// of unknown numbers are skipped; a known field given twice is refused
/// (protobuf would keep the last, but no exporter writes one twice). Every
/// account is returned or the link is refused: no partial result.
public struct MigrationPayload: Sendable {
    /// The longest link read, in bytes (checked first).
    public static let maxLinkBytes = OTPLink.maxBytes
    /// The most accounts one link may hold. Google Authenticator splits an
    /// export into links of about ten; a thousand is far above any real one
    /// and bounds the guarded allocations (one per secret).
    public static let maxAccounts = 1000

    /// The accounts, in the link's order.
    public let accounts: [OTPAccount]
    /// The payload's `version` (Google Authenticator writes 1); 0 when absent.
    public let version: Int32
    /// How many links the export was split into (`batch_size`); 0 when absent.
    public let batchSize: Int32
    /// Which of them this is, from 0 (`batch_index`).
    public let batchIndex: Int32
    /// The export's id, the same in each of its links (`batch_id`); 0 when absent.
    public let batchID: Int32

    /// Reads a migration link.
    /// - Parameter link: the link's bytes, in guarded memory (it holds every key).
    /// - Returns: the payload; every secret in guarded memory of its own.
    /// - Throws: `OTPAuthError`: `.tooLong`, `.wrongScheme`, `.malformed` (a
    ///   host other than `offline`, a control character), `.missing`,
    ///   `.duplicate` or `.invalid` for `data`, `.damagedPayload`,
    ///   `.noAccounts`, `.tooManyAccounts`, `.duplicate` for a payload field,
    ///   and `.account(index:_:)` wrapping what is wrong with one account.
    public static func parse(_ link: SecureBytes) throws -> MigrationPayload {
        let parts = try OTPLink(link, scheme: "otpauth-migration", known: ["data"])
        guard parts.host == "offline" else { throw OTPAuthError.malformed("a migration link starts otpauth-migration://offline") }
        guard let data = parts.parameters["data"] else { throw OTPAuthError.missing(parameter: "data") }
        let text = try parts.secret(data, parameter: "data", plusIsLiteral: true)
        guard text.count > 0 else { throw OTPAuthError.invalid(parameter: "data", reason: "is empty") }
        guard let payload = standardBase64(text).withBytes({ Base64.decodeSecret($0) }) else {
            throw OTPAuthError.invalid(parameter: "data", reason: "is not base64")
        }
        return try decode(payload)
    }

    /// URL-safe base64 mapped to the standard alphabet and the padding
    /// added, in guarded memory; `Base64` then checks the rest.
    private static func standardBase64(_ text: SecureBytes) -> SecureBytes {
        text.withBytes { t in
            let padded = t.contains(0x3D) || t.count % 4 == 0 ? t.count : t.count + (4 - t.count % 4)
            let out = SecureBytes(count: padded)
            out.withMutableBytes { o in
                for i in 0..<padded {
                    let c = i < t.count ? t[i] : 0x3D
                    o[i] = c == 0x2D ? 0x2B : c == 0x5F ? 0x2F : c // '-' → '+', '_' → '/'
                }
            }
            return out
        }
    }

    /// Reads the protobuf payload itself (also where the hostile-input tests, and a fuzz target to come, enter).
    static func decode(_ payload: SecureBytes) throws -> MigrationPayload {
        var reader = ProtobufReader(payload, 0..<payload.count)
        var accounts: [OTPAccount] = []
        var numbers: [UInt32: Int32] = [:]
        let names: [UInt32: String] = [1: "otp_parameters", 2: "version", 3: "batch_size", 4: "batch_index", 5: "batch_id"]
        while !reader.atEnd {
            let (number, value) = try reader.field()
            switch (number, value) {
            case (1, .bytes(let range)):
                guard accounts.count < maxAccounts else { throw OTPAuthError.tooManyAccounts(limit: maxAccounts) }
                do { accounts.append(try MigrationAccount.read(payload, range)) } catch let e as OTPAuthError {
                    throw OTPAuthError.account(index: accounts.count + 1, e)
                }
            case (2...5, .varint(let v)):
                guard numbers.updateValue(Int32(truncatingIfNeeded: v), forKey: number) == nil else {
                    throw OTPAuthError.duplicate(parameter: names[number]!)
                }
            case (1...5, _):
                throw OTPAuthError.damagedPayload("the \(names[number]!) field has the wrong wire type")
            default:
                continue // a field of a later version of the format
            }
        }
        guard !accounts.isEmpty else { throw OTPAuthError.noAccounts }
        return MigrationPayload(accounts: accounts, version: numbers[2] ?? 0, batchSize: numbers[3] ?? 0,
                                batchIndex: numbers[4] ?? 0, batchID: numbers[5] ?? 0)
    }
}
