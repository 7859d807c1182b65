/// What `users` and `status` show without a PIN. Stored in the clear in the
/// header and bound to the user's sealed record as associated data.
public struct UserEntry: Sendable, Equatable {
    public var name: String
    public var suite: String
    public var enrolledAt: Int64

    public init(name: String, suite: String, enrolledAt: Int64) {
        self.name = name; self.suite = suite; self.enrolledAt = enrolledAt
    }

    public static let maxNameBytes = 64

    /// A user name: 1–64 bytes of UTF-8, no control characters, no leading or trailing blank.
    public static func validateName(_ name: String) throws {
        let b = Array(name.utf8)
        guard !b.isEmpty, b.count <= maxNameBytes else {
            throw IBKeyError.usage("user name must be 1 to \(maxNameBytes) bytes, got \(b.count)")
        }
        guard !b.contains(where: { $0 < 0x20 || $0 == 0x7F }), b.first != 0x20, b.last != 0x20 else {
            throw IBKeyError.usage("user name must not contain control characters or leading/trailing spaces")
        }
    }

    /// An OCRA suite as stored: printable ASCII, no blanks (the suite parser
    /// checks the rest when the suite is used).
    static func isSuiteText(_ bytes: ArraySlice<UInt8>) -> Bool {
        bytes.allSatisfy { $0 > 0x20 && $0 < 0x7F }
    }

    /// A name as read from a file: valid UTF-8 and no control characters (they
    /// would reach the terminal through `users`). Checked on every read.
    static func isStoredName(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard !bytes.contains(where: { $0 < 0x20 || $0 == 0x7F }) else { return false }
        return bytes.allSatisfy({ $0 < 0x80 }) || String(validating: bytes, as: UTF8.self) != nil
    }

    /// Decodes UTF-8, refusing invalid sequences (which decoding would replace).
    /// Non-generic on purpose: this runs once per user on every read.
    static func validUTF8(_ bytes: ArraySlice<UInt8>) -> String? {
        // ASCII, the common case, is always valid; only other text pays for validation.
        bytes.allSatisfy({ $0 < 0x80 }) ? String(decoding: bytes, as: UTF8.self) : String(validating: bytes, as: UTF8.self)
    }
}
