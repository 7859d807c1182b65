/// What `users` and `status` show without a PIN. Stored in the clear in the
/// header and bound to the user's sealed record as associated data.
public struct UserEntry: Sendable, Equatable {
    /// The user's name: what `--user` and `respond` look up (Docs/VAULT.md, "Directory").
    public var name: String
    /// The OCRA suite or the TOTP/HOTP parameters, parsed once when the
    /// directory is read (its text is stored once in the directory's suite table).
    public var suite: UserSuite
    /// When the user was enrolled or imported, Unix seconds.
    public var enrolledAt: Int64
    /// The service a TOTP/HOTP account belongs to (`IBKR`, `GitHub`), as the
    /// source named it; nil when it named none. Shown, never looked up.
    public var issuer: String?

    /// An entry as enroll or import makes it.
    /// - Parameters:
    ///   - name: the user's name (checked with `validateName` beforehand).
    ///   - suite: the user's suite.
    ///   - enrolledAt: Unix seconds.
    ///   - issuer: the account's service (checked with `validateName`), or nil.
    public init(name: String, suite: UserSuite, enrolledAt: Int64, issuer: String? = nil) {
        self.name = name; self.suite = suite; self.enrolledAt = enrolledAt
        self.issuer = issuer?.isEmpty == false ? issuer : nil
    }

    /// An OCRA user's entry.
    /// - Parameters:
    ///   - name: the user's name.
    ///   - suite: the OCRA suite.
    ///   - enrolledAt: Unix seconds.
    public init(name: String, suite: OCRASuite, enrolledAt: Int64) {
        self.init(name: name, suite: .ocra(suite), enrolledAt: enrolledAt)
    }

    /// A name's length in UTF-8 bytes (Docs/VAULT.md, "Directory").
    public static let maxNameBytes = 64

    /// A user name (or an account's issuer): 1–64 bytes of UTF-8; no character
    /// of Unicode categories Cc, Cf, Zl or Zp (controls, format characters such
    /// as bidi overrides and zero-width spaces, line and paragraph separators:
    /// any of them would let a name rewrite the terminal or disguise itself);
    /// and, so that no two names print alike, no character that prints as
    /// nothing (`UnicodeClass.isInvisible`: default-ignorable code points,
    /// the Hangul fillers, the blank braille pattern) and no white space but
    /// inner U+0020 spaces. Noncharacters are refused too. All of this in new
    /// names only: a vault written before keeps its names readable.
    /// - Parameters:
    ///   - name: the name to check.
    ///   - what: how messages call it ("user name", "issuer").
    /// - Throws: `.badInput` saying which rule the name breaks.
    public static func validateName(_ name: String, what: String = "user name") throws {
        let n = name.utf8.count
        guard n >= 1, n <= maxNameBytes else {
            throw IBKeyError.badInput("\(what) must be 1 to \(maxNameBytes) bytes, got \(n)")
        }
        if let bad = name.unicodeScalars.first(where: UnicodeClass.isControlOrFormat) {
            throw IBKeyError.badInput("\(what) must not contain control, format or line-separator characters (U+\(hex4(bad.value)))")
        }
        guard name.utf8.first != 0x20, name.utf8.last != 0x20 else {
            throw IBKeyError.badInput("\(what) must not start or end with a space")
        }
        if let bad = name.unicodeScalars.first(where: { $0 != " " && ($0.properties.isWhitespace || UnicodeClass.isInvisible($0)) }) {
            throw IBKeyError.badInput("\(what) must not contain invisible characters or white space other than single spaces (U+\(hex4(bad.value)))")
        }
        // Noncharacters (U+FDD0–U+FDEF, U+xFFFE, U+xFFFF) are not text, and
        // XML (a PSKC export) cannot carry U+FFFE and U+FFFF. Refused in new
        // names only: a vault written before keeps its names readable.
        if let bad = name.unicodeScalars.first(where: { (0xFDD0...0xFDEF).contains($0.value) || $0.value & 0xFFFE == 0xFFFE }) {
            throw IBKeyError.badInput("\(what) must not contain noncharacters (U+\(hex4(bad.value)))")
        }
    }

    static func hex4(_ v: UInt32) -> String {
        let h = String(v, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 4 - h.count)) + h
    }

    /// An OCRA suite as stored: printable ASCII, no blanks (the suite parser
    /// checks the rest when the suite is used).
    static func isSuiteText(_ bytes: ArraySlice<UInt8>) -> Bool {
        bytes.allSatisfy { $0 > 0x20 && $0 < 0x7F }
    }

    /// A name as read from a file: valid UTF-8 that `validateName` accepts,
    /// except that noncharacters are let through (vaults written before they
    /// were refused keep their names readable).
    /// Checked on every read; ASCII, the common case, costs one pass.
    static func isStoredName(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard !bytes.isEmpty, bytes.count <= maxNameBytes, bytes.first != 0x20, bytes.last != 0x20 else { return false }
        if bytes.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) { return true }
        guard let text = String(validating: bytes, as: UTF8.self) else { return false }
        return !text.unicodeScalars.contains(where: UnicodeClass.isControlOrFormat)
    }

    /// Decodes UTF-8, refusing invalid sequences (which decoding would replace).
    /// Non-generic on purpose: this runs once per user on every read.
    static func validUTF8(_ bytes: ArraySlice<UInt8>) -> String? {
        // ASCII, the common case, is always valid; only other text pays for validation.
        bytes.allSatisfy({ $0 < 0x80 }) ? String(decoding: bytes, as: UTF8.self) : String(validating: bytes, as: UTF8.self)
    }
}
