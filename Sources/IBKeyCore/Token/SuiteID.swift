/// The suites an activation code can name (Docs/PROTOCOL.md §2), by their one-byte id.
public enum SuiteID: UInt8, Sendable, CaseIterable {
    /// IB Key's own suite, `OCRA-1:HOTP-SHA1-8:C-QN06-PSHA1`, with a 20-byte key.
    case ibKeySHA1 = 0x01
    /// The same with SHA-256 throughout, a 32-byte key.
    case sha256 = 0x02
    /// The same with SHA-512 throughout, a 64-byte key.
    case sha512 = 0x03
    /// SHA-256, no counter and no PIN: `OCRA-1:HOTP-SHA256-8:QN06`, a 32-byte key.
    case sha256NoCounter = 0x04

    /// The OCRA suite this id stands for.
    public var suiteText: String {
        switch self {
        case .ibKeySHA1: "OCRA-1:HOTP-SHA1-8:C-QN06-PSHA1"
        case .sha256: "OCRA-1:HOTP-SHA256-8:C-QN06-PSHA256"
        case .sha512: "OCRA-1:HOTP-SHA512-8:C-QN06-PSHA512"
        case .sha256NoCounter: "OCRA-1:HOTP-SHA256-8:QN06"
        }
    }

    /// `suiteText`, parsed.
    public var suite: OCRASuite { try! OCRASuite(suiteText) }

    /// The key length the suite's codes carry: the hash's output length.
    public var keyLength: Int {
        switch self {
        case .ibKeySHA1: 20
        case .sha256, .sha256NoCounter: 32
        case .sha512: 64
        }
    }

    /// The id of a suite, to put it in an activation code.
    /// - Parameter suiteText: an OCRA suite, exactly as `suiteText` spells it.
    /// - Returns: nil for a suite no id names.
    public init?(suiteText: String) {
        guard let id = Self.allCases.first(where: { $0.suiteText == suiteText }) else { return nil }
        self = id
    }
}
