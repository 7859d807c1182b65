/// The suites an activation code can name (Docs/PROTOCOL.md §2), by their one-byte id.
public enum SuiteID: UInt8, Sendable, CaseIterable {
    case ibKeySHA1 = 0x01
    case sha256 = 0x02
    case sha512 = 0x03
    case sha256NoCounter = 0x04

    public var suiteText: String {
        switch self {
        case .ibKeySHA1: "OCRA-1:HOTP-SHA1-8:C-QN06-PSHA1"
        case .sha256: "OCRA-1:HOTP-SHA256-8:C-QN06-PSHA256"
        case .sha512: "OCRA-1:HOTP-SHA512-8:C-QN06-PSHA512"
        case .sha256NoCounter: "OCRA-1:HOTP-SHA256-8:QN06"
        }
    }

    public var suite: OCRASuite { try! OCRASuite(suiteText) }

    public var keyLength: Int {
        switch self {
        case .ibKeySHA1: 20
        case .sha256, .sha256NoCounter: 32
        case .sha512: 64
        }
    }

    public init?(suiteText: String) {
        guard let id = Self.allCases.first(where: { $0.suiteText == suiteText }) else { return nil }
        self = id
    }
}
