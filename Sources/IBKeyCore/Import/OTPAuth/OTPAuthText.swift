/// Text that holds TOTP and HOTP accounts as links, one per line:
/// `otpauth://` URIs and Google Authenticator's `otpauth-migration://`
/// export links (every account of each), mixed in any order. It is what a
/// file of links, standard input, the link prompt and each QR code of a
/// screenshot give `import` (Docs/IMPORT.md, "otpauth links").
///
/// Lines end with LF or CR LF; white space around a link is dropped, blank
/// lines are skipped, and a UTF-8 byte-order mark before the first line is
/// ignored. Every other line must be a link, and every link must read:
/// all accounts of the text or none. Each line is copied into guarded memory
/// of its own for its reader; the text itself stays where it is.
public enum OTPAuthText {
    /// The most accounts one text may hold, in all its lines. Each secret
    /// takes a guarded allocation (a few pages and guard pages); a thousand
    /// is far above any real export and keeps a hostile 1 MiB file of short
    /// links from asking for tens of thousands of them.
    public static let maxAccounts = MigrationPayload.maxAccounts

    /// One account and where it stood.
    public struct Entry: Sendable {
        /// The account, checked.
        public let account: OTPAccount
        /// Its line, counted from 1 among all lines (blank ones included).
        public let line: Int
        /// Its place in a migration link, from 1; nil for an `otpauth://` URI.
        public let index: Int?
        /// Whether the text held several links (so that a line number means something).
        public let severalLines: Bool

        /// How messages name it: `line 2`, `line 1, account 3`, `account 3`, `the account`.
        public var place: String {
            switch (severalLines, index) {
            case (true, let i?): "line \(line), account \(i)"
            case (true, nil): "line \(line)"
            case (false, let i?): "account \(i)"
            case (false, nil): "the account"
            }
        }
    }

    /// Whether `text` (without leading white space) starts with `otpauth:` or
    /// `otpauth-migration:`, in either case: the test `KeyFileFormat` uses,
    /// and the one that keeps such a text out of the command line.
    /// - Parameter text: the bytes, from the first that is not white space.
    /// - Returns: true for text that is meant as a link.
    public static func startsWithScheme<C: Collection>(_ text: C) -> Bool where C.Element == UInt8 {
        scheme(of: text) != nil
    }

    /// Every account of every link, in order.
    /// - Parameter text: the whole text, in guarded memory.
    /// - Returns: one entry per account (at least one).
    /// - Throws: `OTPAuthError`: what `OTPAuthURI.parse` and
    ///   `MigrationPayload.parse` throw, inside `.line(number:)` when the text
    ///   holds several links; `.wrongScheme` for a line that is no link;
    ///   `.tooManyInInput` beyond `maxAccounts`; `.missing(parameter: "link")` for a text with none.
    public static func accounts(in text: SecureBytes) throws -> [Entry] {
        let lines: [(number: Int, range: Range<Int>)] = text.withBytes { b in
            let start = b.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
            var out: [(Int, Range<Int>)] = []
            var lineStart = start, number = 1
            for i in start...b.count where i == b.count || b[i] == 0x0A {
                if let kept = ASCIISpace.trimmed(b[lineStart..<i]) { out.append((number, kept.lowerBound..<(kept.upperBound + 1))) }
                lineStart = i + 1
                number += 1
            }
            return out
        }
        guard !lines.isEmpty else { throw OTPAuthError.missing(parameter: "link") }
        let several = lines.count > 1
        var entries: [Entry] = []
        for (number, range) in lines {
            do {
                guard entries.count < maxAccounts else { throw OTPAuthError.tooManyInInput(limit: maxAccounts) }
                let link = SecureBytes(copying: text, range: range)
                switch link.withBytes({ scheme(of: $0) }) {
                case .uri?:
                    entries.append(Entry(account: try OTPAuthURI.parse(link), line: number, index: nil, severalLines: several))
                case .migration?:
                    let accounts = try MigrationPayload.parse(link).accounts
                    guard entries.count + accounts.count <= maxAccounts else { throw OTPAuthError.tooManyInInput(limit: maxAccounts) }
                    entries += accounts.enumerated().map { Entry(account: $1, line: number, index: $0 + 1, severalLines: several) }
                case nil:
                    throw OTPAuthError.wrongScheme(expected: "otpauth:// or otpauth-migration://")
                }
            } catch let e as OTPAuthError {
                if case .tooManyInInput = e { throw e }
                throw several ? OTPAuthError.line(number: number, e) : e
            }
        }
        return entries
    }

    private enum Scheme { case uri, migration }

    /// The scheme `text` starts with, compared without case.
    private static func scheme<C: Collection>(of text: C) -> Scheme? where C.Element == UInt8 {
        func starts(_ prefix: String) -> Bool {
            text.count >= prefix.utf8.count && zip(text, prefix.utf8).allSatisfy { OTPLink.lowered($0) == $1 }
        }
        if starts("otpauth-migration:") { return .migration }
        if starts("otpauth:") { return .uri }
        return nil
    }
}
