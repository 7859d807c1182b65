/// A decoded image: 8-bit grayscale, one byte a pixel, rows top to bottom
/// with no padding (zbar's `Y800`). The pixels show a QR code that holds a
/// secret, so they live in guarded memory, wiped when the image goes.
struct GrayImage {
    let width: Int
    let height: Int
    let pixels: SecureBytes

    /// A blank (zero) image of `width` × `height`, after the bounds are checked:
    /// the decoders call this with the header's dimensions, before any
    /// pixel is decoded, so that a hostile header cannot make ibkey
    /// allocate more than `QRImage.maxPixels` bytes.
    /// - Throws: `.tooLarge`, or `.corrupt` for a zero dimension.
    init(width: Int, height: Int, format: ImageFormat) throws {
        guard width > 0, height > 0 else {
            throw ImageError.corrupt(format: format.rawValue, detail: "the header gives an empty image (\(width)x\(height))")
        }
        guard width <= QRImage.maxSide, height <= QRImage.maxSide, width * height <= QRImage.maxPixels else {
            throw ImageError.tooLarge(width: width, height: height)
        }
        self.width = width
        self.height = height
        pixels = SecureBytes(count: width * height)
    }
}
