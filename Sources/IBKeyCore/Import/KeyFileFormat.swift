/// What a key file given to `ibkey import` is, judged from its content
/// (Docs/IMPORT.md): XML is PSKC, a JSON object is an IB Key data file.
public enum KeyFileFormat: String {
    case pskc = "PSKC"
    case ibKeyData = "IB Key data file"

    /// Files larger than this are refused before being parsed.
    public static let maxSize = 1 << 20

    /// The format of `bytes`, from its first character after a byte-order
    /// mark and white space: `<` or `{`.
    /// - Parameter bytes: the whole file, in guarded memory.
    /// - Returns: how to parse it.
    /// - Throws: `.badInput` for anything else, or a file over 1 MiB.
    public static func of(_ bytes: SecureBytes) throws -> KeyFileFormat {
        guard bytes.count <= maxSize else {
            throw IBKeyError.badInput("the key file is larger than 1 MiB; no PSKC or IB Key data file is that large")
        }
        let first: UInt8? = bytes.withBytes { b in
            IBKeyDataFile.withoutBOM(b).first { !ASCIISpace.contains($0) }
        }
        switch first {
        case UInt8(ascii: "<"): return .pskc
        case UInt8(ascii: "{"): return .ibKeyData
        case nil: throw IBKeyError.badInput("the key file is empty")
        default: throw IBKeyError.notAKeyFile
        }
    }
}
