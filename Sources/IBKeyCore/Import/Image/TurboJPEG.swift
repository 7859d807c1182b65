import CTurboJPEG

/// TurboJPEG (libjpeg-turbo), loaded with `dlopen` the first time a JPEG is
/// read (Docs/IMPORT.md, "Why zbar, libpng and TurboJPEG, loaded with
/// `dlopen`"). Not libjpeg's classic API: its errors leave by `error_exit`,
/// which must not return (a longjmp Swift cannot catch, or `exit()`);
/// TurboJPEG's functions return -1 and keep the message.
final class TurboJPEG: @unchecked Sendable {
    private let initDecompress: ibkey_tjInitDecompress
    private let decompressHeader3: ibkey_tjDecompressHeader3
    private let decompress2: ibkey_tjDecompress2
    private let destroy: ibkey_tjDestroy
    private let errorString: ibkey_tjGetErrorStr2

    /// The library, or why it could not be loaded (tried once).
    static let shared = ImageLibrary.loading { try TurboJPEG(ImageLibrary("libturbojpeg.so.0", package: "libturbojpeg0")) }

    private init(_ lib: ImageLibrary) throws {
        initDecompress = try lib.function("tjInitDecompress", as: ibkey_tjInitDecompress.self)
        decompressHeader3 = try lib.function("tjDecompressHeader3", as: ibkey_tjDecompressHeader3.self)
        decompress2 = try lib.function("tjDecompress2", as: ibkey_tjDecompress2.self)
        destroy = try lib.function("tjDestroy", as: ibkey_tjDestroy.self)
        errorString = try lib.function("tjGetErrorStr2", as: ibkey_tjGetErrorStr2.self)
    }

    /// `bytes`, a JPEG file, as 8-bit gray (libjpeg's luma conversion).
    /// A warning counts as damage (`TJFLAG_STOPONWARNING`): a truncated file
    /// is refused, not scanned half grey. `TJFLAG_LIMITSCANS` refuses
    /// progressive files with hundreds of scans, each a pass over the image.
    /// - Throws: `.corrupt` with libjpeg's message, `.tooLarge` from the
    ///   header (before the pixel buffer is allocated), `.unsupportedFormat`
    ///   for CMYK, `.libraryMissing`.
    static func decode(_ bytes: UnsafeRawBufferPointer) throws -> GrayImage {
        let tj = try shared.get()
        guard let handle = tj.initDecompress() else {
            throw ImageError.libraryFailed("TurboJPEG could not create a decompressor")
        }
        defer { _ = tj.destroy(handle) }
        let src = bytes.assumingMemoryBound(to: UInt8.self).baseAddress
        let size = UInt(bytes.count)
        var width: Int32 = 0, height: Int32 = 0, subsampling: Int32 = 0, colorspace: Int32 = 0
        guard tj.decompressHeader3(handle, src, size, &width, &height, &subsampling, &colorspace) == 0 else {
            throw tj.corrupt(handle)
        }
        // libjpeg has no CMYK → gray conversion; say so rather than pass on
        // its "unsupported color conversion request".
        if colorspace == Int32(TJCS_CMYK.rawValue) || colorspace == Int32(TJCS_YCCK.rawValue) {
            throw ImageError.unsupportedFormat("CMYK JPEG")
        }
        let gray = try GrayImage(width: Int(width), height: Int(height), format: .jpeg)
        let flags = TJFLAG_STOPONWARNING | TJFLAG_LIMITSCANS
        let result = gray.pixels.withMutableBytes { out in
            tj.decompress2(handle, src, size, out.assumingMemoryBound(to: UInt8.self).baseAddress,
                           width, width, height, Int32(TJPF_GRAY.rawValue), flags)
        }
        guard result == 0 else { throw tj.corrupt(handle) }
        return gray
    }

    /// The error TurboJPEG recorded for `handle`.
    private func corrupt(_ handle: tjhandle) -> ImageError {
        .corrupt(format: ImageFormat.jpeg.rawValue, detail: ImageError.libraryText(errorString(handle)))
    }
}
