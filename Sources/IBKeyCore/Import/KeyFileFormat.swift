/// What a key file given to `ibkey import` is, judged from its content
/// (Docs/IMPORT.md), never from its name: an image signature is a
/// screenshot of a QR code; otherwise, after a byte-order mark and white
/// space, XML is PSKC, a JSON object is an IB Key data file, and text that
/// starts with an `otpauth:` or `otpauth-migration:` scheme (either case)
/// is links, one per line.
public enum KeyFileFormat: String {
    case pskc = "PSKC"
    case ibKeyData = "IB Key data file"
    case otpauthLinks = "otpauth links"
    case qrImage = "QR code image"

    /// Text files larger than this are refused before being parsed.
    public static let maxSize = 1 << 20
    /// The most `import` reads of any input: an image may be this large
    /// (`QRImage.maxFileSize`); anything else is held to `maxSize`.
    public static let maxInputSize = max(maxSize, QRImage.maxFileSize)

    /// The format of `bytes`.
    /// - Parameter bytes: the whole file, in guarded memory.
    /// - Returns: how to read it. An image of a format ibkey does not decode
    ///   (GIF, WebP…) is `.qrImage` too, so that `QRImage` says which it is.
    /// - Throws: `.badInput` for an empty file, an image over
    ///   `QRImage.maxFileSize` or other text over `maxSize`; `.notAKeyFile` for anything else.
    public static func of(_ bytes: SecureBytes) throws -> KeyFileFormat {
        if QRImage.isImage(bytes) {
            guard bytes.count <= QRImage.maxFileSize else { throw IBKeyError.image(.fileTooLarge(size: bytes.count)) }
            return .qrImage
        }
        guard bytes.count <= maxSize else {
            throw IBKeyError.badInput("the key file is larger than 1 MiB; no key file but an image is that large (images: \(QRImage.maxFileSize >> 20) MiB)")
        }
        return try bytes.withBytes { b in
            let text = IBKeyDataFile.withoutBOM(b)
            guard let start = text.firstIndex(where: { !ASCIISpace.contains($0) }) else {
                throw IBKeyError.badInput("the key file is empty")
            }
            switch text[start] {
            case UInt8(ascii: "<"): return .pskc
            case UInt8(ascii: "{"): return .ibKeyData
            default:
                guard OTPAuthText.startsWithScheme(text[start...]) else { throw IBKeyError.notAKeyFile }
                return .otpauthLinks
            }
        }
    }
}
