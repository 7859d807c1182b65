/// The key file that IB Key automation (ib-gateway-service's IB Key set-up)
/// keeps: a JSON object with `ocra` (the key, 40 hex digits), `pin` (the PIN
/// the verifier knows) and `counter` (the next counter to use). Other members
/// (`attempts`) are ignored. Docs/IMPORT.md, "IB Key data files".
public struct IBKeyDataFile {
    /// The suite IB Key uses; the file does not say it.
    public static let suite = OCRASuite.ibKey

    /// The key: IB Key's suite, the file's counter (or `--counter`), and P
    /// from `pin`. It has no default name: the file names no user.
    public let key: ImportedKey
    /// The counter as ib-gateway-service actually sent it, when that differs
    /// from `counter`: it passes the decimal text to an OCRA routine that
    /// reads the counter as hex, so a file saying 13 was last used with 0x12 = 18.
    /// The value is the file's counter read as hex (19 there): what such a
    /// service would send next, the `--counter` that stays ahead. Nil below
    /// 10 (both readings agree) and when `--counter` was given.
    public let counterAsSentByGatewayService: UInt64?

    /// Parses the file's bytes.
    /// - Parameter bytes: the whole file, in guarded memory.
    /// - Parameter counter: `--counter`, to use instead of the file's.
    /// - Returns: the key, and the counter to suggest when the file may come
    ///   from ib-gateway-service.
    /// - Throws: `.badInput` saying which member is wrong.
    public static func parse(_ bytes: SecureBytes, counter override: UInt64? = nil) throws -> IBKeyDataFile {
        func refuse(_ why: String) -> IBKeyError { .badInput("not an IB Key data file ibkey can read: \(why)") }
        let members: [String: StrictJSON.Value]
        do { members = try bytes.withBytes { try StrictJSON.object(Self.withoutBOM($0), keep: ["ocra", "pin", "counter"]) } } catch let r as StrictJSON.Refusal {
            throw refuse("\(r.reason) (byte \(r.offset + 1))")
        }
        guard let ocra = members["ocra"] else { throw refuse("no \"ocra\" member (the key)") }
        let secret: SecureBytes
        switch ocra {
        case .string(let hex):
            guard hex.count == 40, let decoded = hex.withBytes({ Hex.decodeSecret($0) }) else {
                throw refuse("\"ocra\" must be 40 hex digits (a 20-byte key), got \(hex.count) characters\(hex.count == 40 ? " that are not all hex" : "")")
            }
            secret = decoded
        case .null: throw refuse("\"ocra\" is null: the IB Key set-up did not finish")
        default: throw refuse("\"ocra\" must be a string of 40 hex digits")
        }
        let pin: SecureBytes
        switch members["pin"] {
        case .string(let s)? where s.count > 0: pin = s
        case .number(let n)? where n.withBytes({ $0.allSatisfy { (0x30...0x39).contains($0) } }): pin = n
        case nil: throw refuse("no \"pin\" member (the PIN of the IB Key suite's P input)")
        default: throw refuse("\"pin\" must be a non-empty string (or a whole number)")
        }
        let fileCounter: UInt64
        switch members["counter"] {
        case .number(let n)?, .string(let n)?:
            guard let c = n.withBytes(Self.decimal) else {
                throw refuse("\"counter\" must be a whole number from 0 to \(UInt64.max - 1)")
            }
            fileCounter = c
        case nil: throw refuse("no \"counter\" member (the next counter to use)")
        default: throw refuse("\"counter\" must be a whole number")
        }
        let asSent = override == nil && fileCounter >= 10 ? UInt64(String(fileCounter), radix: 16) : nil
        let key = try ImportedKey(defaultName: "", keyID: nil, suite: suite, secret: secret,
                                  counter: override ?? fileCounter, pInput: .pin(pin))
        return IBKeyDataFile(key: key, counterAsSentByGatewayService: asSent)
    }

    /// Decimal digits (no sign, no fraction) below 2^64 − 1; nil otherwise.
    static func decimal(_ b: UnsafeRawBufferPointer) -> UInt64? {
        guard !b.isEmpty, b.count <= 20, b.allSatisfy({ (0x30...0x39).contains($0) }) else { return nil }
        var v: UInt64 = 0
        for c in b {
            let (m, o1) = v.multipliedReportingOverflow(by: 10)
            let (s, o2) = m.addingReportingOverflow(UInt64(c - 0x30))
            guard !o1, !o2 else { return nil }
            v = s
        }
        return v < UInt64.max ? v : nil
    }

    /// The bytes after a UTF-8 byte-order mark, if there is one.
    static func withoutBOM(_ b: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer {
        b.starts(with: [0xEF, 0xBB, 0xBF]) ? UnsafeRawBufferPointer(rebasing: b[3...]) : b
    }
}
