/// Why no QR code could be read from an image (`QRImage`). Each `message` is
/// one lowercase line; none quotes the image's content, only its format, its
/// size, or what libpng or TurboJPEG said about its structure.
public enum ImageError: Error, Equatable, Sendable {
    /// The bytes are no image format the sniffer knows.
    case notAnImage
    /// An image of a format (or a kind of JPEG) that is not read: GIF, BMP,
    /// WebP, TIFF, HEIF, AVIF, a CMYK JPEG. The value names it.
    case unsupportedFormat(String)
    /// A PNG or JPEG that its library refuses (truncated, a bad checksum, a
    /// broken stream), with the library's message, cleaned to one short line.
    case corrupt(format: String, detail: String)
    /// A file larger than `QRImage.maxFileSize`, refused before it is read.
    case fileTooLarge(size: Int)
    /// Dimensions over `QRImage.maxSide` or `QRImage.maxPixels`, refused from
    /// the header, before any pixel buffer is allocated.
    case tooLarge(width: Int, height: Int)
    /// The image was read, and zbar found no QR code in it.
    case noQRCode
    /// A library could not be loaded; `package` is the Debian package that has it.
    case libraryMissing(library: String, package: String)
    /// A library that loaded but misbehaved: a function missing, a handle it
    /// would not create, a scan that failed.
    case libraryFailed(String)

    /// What went wrong, one line, lowercase, no secret.
    public var message: String {
        switch self {
        case .notAnImage:
            return "not an image ibkey reads: neither PNG nor JPEG"
        case .unsupportedFormat(let format):
            return "unsupported image format \(format): ibkey reads QR codes from PNG and JPEG images"
        case .corrupt(let format, let detail):
            return "damaged \(format) image: \(detail)"
        case .fileTooLarge(let size):
            return "the image file is \(size) bytes, more than \(QRImage.maxFileSize >> 20) MiB"
        case .tooLarge(let width, let height):
            return "the image is \(width)x\(height) pixels, more than \(QRImage.maxSide) a side or \(QRImage.maxPixels / 1_000_000) million in all"
        case .noQRCode:
            return "no QR code found in the image"
        case .libraryMissing(let library, let package):
            return "cannot load \(library) to read QR code images (install the package \(package))"
        case .libraryFailed(let what):
            return what
        }
    }

    /// A library's error text (a C string), fit for `corrupt`: printable
    /// ASCII only, at most 80 characters, without TurboJPEG's `function(): `
    /// prefix or a final period, a capitalised first word in lowercase. At
    /// most `capacity` bytes are read (the size of the library's buffer).
    static func libraryText(_ text: UnsafePointer<CChar>?, capacity: Int = 200) -> String {
        guard let text else { return "unknown error" }
        var bytes: [UInt8] = []
        var p = text
        while bytes.count < capacity && p.pointee != 0 {
            let b = UInt8(bitPattern: p.pointee)
            bytes.append(b >= 0x20 && b < 0x7F ? b : UInt8(ascii: " "))
            p += 1
        }
        // "tjDecompress2(): Premature end of JPEG file" → the libjpeg part.
        let prefix = Array("(): ".utf8)
        if let i = bytes.indices.first(where: { bytes[$0...].starts(with: prefix) }) {
            bytes.removeFirst(i + prefix.count)
        }
        var s = String(decoding: bytes.drop { $0 == UInt8(ascii: " ") }.prefix(80), as: UTF8.self)
        while s.last == "." || s.last == " " { s.removeLast() }
        if let first = s.first, first.isUppercase, s.dropFirst().first?.isLowercase ?? false {
            s = first.lowercased() + s.dropFirst()
        }
        return s.isEmpty ? "unknown error" : s
    }
}
