import CPNG

/// libpng 1.6, loaded with `dlopen` the first time a PNG is read
/// (Docs/IMPORT.md, "Why zbar, libpng and TurboJPEG, loaded with `dlopen`").
/// Only the simplified API: it takes every colour type, bit depth and
/// interlace, converts to the one format asked for, and reports errors by
/// return code and `png_image.message` (libpng's longjmp stays inside libpng).
final class LibPNG: @unchecked Sendable {
    private let beginReadFromMemory: ibkey_png_image_begin_read_from_memory
    private let finishRead: ibkey_png_image_finish_read
    private let free: ibkey_png_image_free

    /// The library, or why it could not be loaded (tried once).
    static let shared = ImageLibrary.loading { try LibPNG(ImageLibrary("libpng16.so.16", package: "libpng16-16")) }

    private init(_ lib: ImageLibrary) throws {
        beginReadFromMemory = try lib.function("png_image_begin_read_from_memory", as: ibkey_png_image_begin_read_from_memory.self)
        finishRead = try lib.function("png_image_finish_read", as: ibkey_png_image_finish_read.self)
        free = try lib.function("png_image_free", as: ibkey_png_image_free.self)
    }

    /// `bytes`, a PNG file, as 8-bit gray (sRGB-encoded, as libpng's
    /// `PNG_FORMAT_GRAY`). Transparent pixels are composited on white: QR
    /// codes are often drawn dark on a transparent background, and on black
    /// (libpng's choice without a background) they would vanish.
    /// - Throws: `.corrupt` with libpng's message, `.tooLarge` from the
    ///   header (before the pixel buffer is allocated), `.libraryMissing`.
    static func decode(_ bytes: UnsafeRawBufferPointer) throws -> GrayImage {
        let png = try shared.get()
        var image = png_image()
        image.version = png_uint_32(PNG_IMAGE_VERSION)
        // Frees libpng's state on every path; a no-op once finish_read has.
        defer { png.free(&image) }
        guard png.beginReadFromMemory(&image, bytes.baseAddress, bytes.count) != 0 else {
            throw corrupt(image)
        }
        let gray = try GrayImage(width: Int(image.width), height: Int(image.height), format: .png)
        image.format = png_uint_32(PNG_FORMAT_GRAY)
        var white = png_color(red: 255, green: 255, blue: 255)
        let ok = gray.pixels.withMutableBytes { out in
            png.finishRead(&image, &white, out.baseAddress, png_int_32(gray.width), nil)
        }
        guard ok != 0 else { throw corrupt(image) }
        return gray
    }

    /// The error libpng recorded in `image`.
    private static func corrupt(_ image: png_image) -> ImageError {
        let detail = withUnsafeBytes(of: image.message) { m in
            ImageError.libraryText(m.baseAddress!.assumingMemoryBound(to: CChar.self), capacity: m.count)
        }
        return .corrupt(format: ImageFormat.png.rawValue, detail: detail)
    }
}
