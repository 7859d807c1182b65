/// QR codes read from a screenshot: the `otpauth://` or
/// `otpauth-migration://` text a website shows as a QR code, from a PNG or
/// JPEG file (Docs/IMPORT.md). The file is sniffed, decoded to 8-bit gray in
/// guarded memory (libpng or TurboJPEG), and scanned for QR codes (zbar);
/// the three libraries are loaded with `dlopen` the first time, so no other
/// command pays for them.
public enum QRImage {
    /// The largest image file read, in bytes (16 MiB). A lossless PNG of a
    /// 4K screen is a few MB; a file this size is not a screenshot.
    public static let maxFileSize = 16 << 20
    /// The most pixels on either side. PNG allows 2^31 - 1; no screen is
    /// wider than 16384 (an 8K display is 7680).
    public static let maxSide = 16384
    /// The most pixels in all (50 million, a 50 MB gray buffer): an 8K
    /// screenshot is 33 million, a 4000x3000 one 12 million.
    public static let maxPixels = 50_000_000

    /// Whether `bytes` start like an image file of any format the sniffer
    /// knows, including those that are refused (GIF, BMP, WebP, TIFF, HEIF,
    /// AVIF), so that `import` sends them here to be told why.
    /// - Parameter bytes: the file, in guarded memory.
    /// - Returns: true for an image, false for anything else (a key file).
    public static func isImage(_ bytes: SecureBytes) -> Bool {
        bytes.withBytes { ImageFormat.of($0) != nil }
    }

    /// The data of every QR code in the image, in the order zbar reports
    /// them, each in guarded memory (the raw bytes of the code, no text
    /// conversion). Checked before anything is decoded: the file size, then
    /// the dimensions in the header, so that neither a large file nor a
    /// hostile header makes ibkey allocate more than `maxPixels` bytes for
    /// pixels.
    /// - Parameter bytes: the whole file, in guarded memory.
    /// - Returns: one or more payloads.
    /// - Throws: `ImageError`, always: `.fileTooLarge`, `.notAnImage`,
    ///   `.unsupportedFormat`, `.corrupt`, `.tooLarge`, `.noQRCode`,
    ///   `.libraryMissing`, `.libraryFailed`.
    public static func payloads(in bytes: SecureBytes) throws -> [SecureBytes] {
        guard bytes.count <= maxFileSize else { throw ImageError.fileTooLarge(size: bytes.count) }
        let gray = try bytes.withBytes { b -> GrayImage in
            switch ImageFormat.of(b) {
            case .png: return try LibPNG.decode(b)
            case .jpeg: return try TurboJPEG.decode(b)
            case let other?: throw ImageError.unsupportedFormat(other.rawValue)
            case nil: throw ImageError.notAnImage
            }
        }
        return try ZBar.qrCodes(in: gray)
    }
}
