/// The parts of an `otpauth://` or `otpauth-migration://` link, located in
/// place in the guarded buffer that holds it: the host, the path and the
/// known query parameters, still percent-encoded. Each reader decodes the
/// values it needs, secrets straight into guarded memory.
struct OTPLink {
    /// The longest link read: far above a QR code's 2 953 bytes and a
    /// migration link of hundreds of accounts, far below anything costly.
    static let maxBytes = 65_536

    let bytes: SecureBytes
    /// The host, ASCII letters lowered: the type (`totp`), or `offline`.
    let host: String
    /// The path after the host's `/` (the label), raw; empty when absent.
    let path: Range<Int>
    /// The known parameters, by lowered name, each value's raw bytes.
    let parameters: [String: Range<Int>]

    /// Splits a link. White space at either end is dropped (a line read from
    /// a file, a QR decoder's newline); scheme and host are read in either
    /// case (RFC 3986 §3.1; `otpauth://TOTP/` is seen in the wild); a
    /// fragment (`#…`) is not part of the data (§3.5). Parameter names are
    /// read in either case too; unknown ones are skipped unread, and a known
    /// one given twice is refused rather than one of them silently winning.
    /// Throws `OTPAuthError`: `.tooLong`, `.wrongScheme`, `.malformed` for a
    /// control character, `.duplicate`.
    init(_ link: SecureBytes, scheme: String, known: Set<String>) throws {
        guard link.count <= Self.maxBytes else { throw OTPAuthError.tooLong(limit: Self.maxBytes) }
        bytes = link
        (host, path, parameters) = try link.withBytes { b in
            let prefix = Array((scheme + "://").utf8)
            guard let trimmed = ASCIISpace.trimmed(b), trimmed.count >= prefix.count,
                  zip(b[trimmed.lowerBound...], prefix).allSatisfy({ Self.lowered($0) == $1 }) else {
                throw OTPAuthError.wrongScheme(expected: scheme + "://")
            }
            guard !b[trimmed].contains(where: { $0 < 0x20 || $0 == 0x7F }) else {
                throw OTPAuthError.malformed("the link holds a control character")
            }
            let start = trimmed.lowerBound + prefix.count, stop = trimmed.upperBound + 1
            let end = b[start..<stop].firstIndex(of: 0x23) ?? stop // '#'
            let hostEnd = b[start..<end].firstIndex(where: { $0 == 0x2F || $0 == 0x3F }) ?? end // '/' or '?'
            let queryMark = b[hostEnd..<end].firstIndex(of: 0x3F) ?? end
            let host = String(decoding: b[start..<hostEnd].map(Self.lowered), as: UTF8.self)
            let path = hostEnd < queryMark ? (hostEnd + 1)..<queryMark : queryMark..<queryMark
            var parameters: [String: Range<Int>] = [:]
            var pieceStart = queryMark + 1
            while pieceStart < end {
                let pieceEnd = b[pieceStart..<end].firstIndex(of: 0x26) ?? end // '&'
                let equals = b[pieceStart..<pieceEnd].firstIndex(of: 0x3D) ?? pieceEnd
                // Only names as short as a known one are decoded: a longer
                // "name" could be a secret whose '=' went missing, and it
                // would be copied out of guarded memory for nothing.
                if equals - pieceStart <= 3 * Self.longestName,
                   let raw = PercentCoding.decode(b[pieceStart..<equals], plusIsSpace: true) {
                    let name = String(decoding: raw.map(Self.lowered), as: UTF8.self)
                    if known.contains(name) {
                        guard parameters[name] == nil else { throw OTPAuthError.duplicate(parameter: name) }
                        parameters[name] = min(equals + 1, pieceEnd)..<pieceEnd
                    }
                }
                pieceStart = pieceEnd + 1
            }
            return (host, path, parameters)
        }
    }

    /// The label split at its first literal `:`, else at its first `%3A`
    /// (the Key Uri Format allows either as the separator): the raw prefix and
    /// the raw rest; nil without a separator. A literal colon goes first so
    /// that `Ex%3ACo:alice` (an issuer holding a colon, as pyotp writes it)
    /// keeps its issuer whole.
    func labelSeparator() -> (prefix: Range<Int>, rest: Range<Int>)? {
        bytes.withBytes { b in
            if let colon = b[path].firstIndex(of: 0x3A) { return (path.lowerBound..<colon, (colon + 1)..<path.upperBound) }
            var i = path.lowerBound
            while i + 2 < path.upperBound {
                if b[i] == 0x25, b[i + 1] == 0x33, Self.lowered(b[i + 2]) == 0x61 { // "%3A", "%3a"
                    return (path.lowerBound..<i, (i + 3)..<path.upperBound)
                }
                i += 1
            }
            return nil
        }
    }

    /// Decoded text that is not secret, which must be UTF-8.
    /// - Throws: `.invalid(parameter:)` for a bad escape or bytes that are not UTF-8.
    func text(_ range: Range<Int>, parameter: String, plusIsSpace: Bool) throws -> String {
        let raw = try bytes.withBytes { b in
            guard let raw = PercentCoding.decode(b[range], plusIsSpace: plusIsSpace) else {
                throw OTPAuthError.invalid(parameter: parameter, reason: "holds a '%' not followed by two hex digits")
            }
            return raw
        }
        guard let text = String(validating: raw, as: UTF8.self) else {
            throw OTPAuthError.invalid(parameter: parameter, reason: "is not UTF-8 text")
        }
        return text
    }

    /// A decoded value that is secret (a key's text, migration data), into
    /// guarded memory. `+` is a space unless `plusIsLiteral` (base64's `+`).
    /// - Throws: `.invalid(parameter:)` for a bad escape.
    func secret(_ range: Range<Int>, parameter: String, plusIsLiteral: Bool = false) throws -> SecureBytes {
        let out = SecureBytes(count: range.count)
        let n = bytes.withBytes { b in out.withMutableBytes { PercentCoding.decode(b[range], plusIsSpace: !plusIsLiteral, into: $0) } }
        guard let n else { throw OTPAuthError.invalid(parameter: parameter, reason: "holds a '%' not followed by two hex digits") }
        return n == out.count ? out : SecureBytes(copying: out, range: 0..<n)
    }

    /// A whole decimal number, percent-decoded: digits only, no sign; nil
    /// when not one, or above 2^64 − 1.
    func number(_ range: Range<Int>) -> UInt64? {
        guard let raw = bytes.withBytes({ PercentCoding.decode($0[range], plusIsSpace: true) }), (1...20).contains(raw.count) else { return nil }
        var value: UInt64 = 0
        for c in raw {
            guard c >= 0x30 && c <= 0x39 else { return nil }
            let (times10, o1) = value.multipliedReportingOverflow(by: 10)
            let (sum, o2) = times10.addingReportingOverflow(UInt64(c - 0x30))
            guard !o1 && !o2 else { return nil }
            value = sum
        }
        return value
    }

    /// Longer than any parameter name a reader knows (`algorithm`), even fully percent-encoded.
    static let longestName = 16

    @inline(__always) static func lowered(_ c: UInt8) -> UInt8 { (0x41...0x5A).contains(c) ? c + 0x20 : c }
}
