/// An image format, told from the file's first bytes (its signature), never
/// from its name. PNG and JPEG are read; the others are known only so that
/// `import` can say what it was given rather than "not a key file".
enum ImageFormat: String {
    case png = "PNG"
    case jpeg = "JPEG"
    case gif = "GIF"
    case bmp = "BMP"
    case webp = "WebP"
    case tiff = "TIFF"
    case heif = "HEIF"
    case avif = "AVIF"

    /// Whether ibkey decodes this format.
    var isReadable: Bool { self == .png || self == .jpeg }

    /// The format whose signature `b` starts with, or nil.
    static func of(_ b: UnsafeRawBufferPointer) -> ImageFormat? {
        func starts(_ s: [UInt8], at offset: Int = 0) -> Bool {
            b.count >= offset + s.count && b[offset..<(offset + s.count)].elementsEqual(s)
        }
        func ascii(_ s: String) -> [UInt8] { Array(s.utf8) }
        if starts([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return .png }
        // SOI then the first marker's FF: every JPEG (JFIF, Exif, raw) starts so.
        if starts([0xFF, 0xD8, 0xFF]) { return .jpeg }
        if starts(ascii("GIF87a")) || starts(ascii("GIF89a")) { return .gif }
        // "BM" alone is two letters of text; a BMP also has a known
        // info-header size at 14 (12: OS/2 1.x; 40 to 124: Windows versions).
        if starts(ascii("BM")) && b.count >= 18 && [12, 40, 52, 56, 64, 108, 124].contains(Int(b[14]) | Int(b[15]) << 8) && b[16] == 0 && b[17] == 0 {
            return .bmp
        }
        if starts(ascii("RIFF")) && starts(ascii("WEBP"), at: 8) { return .webp }
        if starts([0x49, 0x49, 0x2A, 0x00]) || starts([0x4D, 0x4D, 0x00, 0x2A]) { return .tiff }
        // ISO base media files (HEIC photos, AVIF): "ftyp" and a brand at 4.
        if starts(ascii("ftyp"), at: 4) {
            if starts(ascii("avif"), at: 8) || starts(ascii("avis"), at: 8) { return .avif }
            if ["heic", "heix", "heim", "heis", "mif1", "msf1"].contains(where: { starts(ascii($0), at: 8) }) { return .heif }
        }
        return nil
    }
}
