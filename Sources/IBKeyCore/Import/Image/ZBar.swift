import CSodium
import CZBar

/// zbar, loaded with `dlopen` the first time an image is scanned
/// (Docs/IMPORT.md, "Why zbar, libpng and TurboJPEG, loaded with `dlopen`").
/// Every function is looked up once.
final class ZBar: @unchecked Sendable {
    private let scannerCreate: ibkey_zbar_image_scanner_create
    private let scannerDestroy: ibkey_zbar_image_scanner_destroy
    private let setConfig: ibkey_zbar_image_scanner_set_config
    private let imageCreate: ibkey_zbar_image_create
    private let imageDestroy: ibkey_zbar_image_destroy
    private let setFormat: ibkey_zbar_image_set_format
    private let setSize: ibkey_zbar_image_set_size
    private let setData: ibkey_zbar_image_set_data
    private let scanImage: ibkey_zbar_scan_image
    private let firstSymbol: ibkey_zbar_image_first_symbol
    private let nextSymbol: ibkey_zbar_symbol_next
    private let symbolType: ibkey_zbar_symbol_get_type
    private let symbolData: ibkey_zbar_symbol_get_data
    private let symbolDataLength: ibkey_zbar_symbol_get_data_length

    /// The library, or why it could not be loaded (tried once).
    static let shared = ImageLibrary.loading { try ZBar(ImageLibrary("libzbar.so.0", package: "libzbar0")) }

    /// zbar's name for 8-bit gray, `zbar_fourcc('Y','8','0','0')` (a C macro
    /// Swift does not import): the four letters, first in the low byte.
    private static let y800 = UInt(UInt8(ascii: "Y")) | UInt(UInt8(ascii: "8")) << 8
        | UInt(UInt8(ascii: "0")) << 16 | UInt(UInt8(ascii: "0")) << 24

    private init(_ lib: ImageLibrary) throws {
        scannerCreate = try lib.function("zbar_image_scanner_create", as: ibkey_zbar_image_scanner_create.self)
        scannerDestroy = try lib.function("zbar_image_scanner_destroy", as: ibkey_zbar_image_scanner_destroy.self)
        setConfig = try lib.function("zbar_image_scanner_set_config", as: ibkey_zbar_image_scanner_set_config.self)
        imageCreate = try lib.function("zbar_image_create", as: ibkey_zbar_image_create.self)
        imageDestroy = try lib.function("zbar_image_destroy", as: ibkey_zbar_image_destroy.self)
        setFormat = try lib.function("zbar_image_set_format", as: ibkey_zbar_image_set_format.self)
        setSize = try lib.function("zbar_image_set_size", as: ibkey_zbar_image_set_size.self)
        setData = try lib.function("zbar_image_set_data", as: ibkey_zbar_image_set_data.self)
        scanImage = try lib.function("zbar_scan_image", as: ibkey_zbar_scan_image.self)
        firstSymbol = try lib.function("zbar_image_first_symbol", as: ibkey_zbar_image_first_symbol.self)
        nextSymbol = try lib.function("zbar_symbol_next", as: ibkey_zbar_symbol_next.self)
        symbolType = try lib.function("zbar_symbol_get_type", as: ibkey_zbar_symbol_get_type.self)
        symbolData = try lib.function("zbar_symbol_get_data", as: ibkey_zbar_symbol_get_data.self)
        symbolDataLength = try lib.function("zbar_symbol_get_data_length", as: ibkey_zbar_symbol_get_data_length.self)
    }

    /// The data of every QR code in `image`, in the order zbar reports them,
    /// each copied into guarded memory; zbar's own copy is overwritten before
    /// zbar frees it.
    /// - Throws: `.noQRCode`, `.libraryFailed`, `.libraryMissing`.
    static func qrCodes(in image: GrayImage) throws -> [SecureBytes] {
        let z = try shared.get()
        guard let scanner = z.scannerCreate() else { throw ImageError.libraryFailed("zbar could not create a scanner") }
        defer { z.scannerDestroy(scanner) }
        try z.configure(scanner)
        guard let zimage = z.imageCreate() else { throw ImageError.libraryFailed("zbar could not create an image") }
        let (found, status) = image.pixels.withBytes { px -> ([SecureBytes], Int32) in
            // Destroyed before `px` is given back. No cleanup handler: the
            // buffer is ours, and zbar neither keeps nor frees it.
            defer { z.imageDestroy(zimage) }
            z.setFormat(zimage, y800)
            z.setSize(zimage, UInt32(image.width), UInt32(image.height))
            z.setData(zimage, px.baseAddress, UInt(px.count), nil)
            let status = z.scanImage(scanner, zimage)
            return (z.takeSymbols(of: zimage), status)
        }
        guard status >= 0 else { throw ImageError.libraryFailed("zbar could not scan the image") }
        guard !found.isEmpty else { throw ImageError.noQRCode }
        return found
    }

    /// QR codes only (zbar tries every 1D and 2D symbology by default, which
    /// is slower and may read some other code in a screenshot), and the
    /// data as raw bytes (`ZBAR_CFG_BINARY`, zbar 0.23.1 on): without it zbar
    /// guesses a text encoding and converts with iconv.
    private func configure(_ scanner: OpaquePointer) throws {
        _ = setConfig(scanner, ZBAR_NONE, ZBAR_CFG_ENABLE, 0)
        guard setConfig(scanner, ZBAR_QRCODE, ZBAR_CFG_ENABLE, 1) == 0,
              setConfig(scanner, ZBAR_QRCODE, ZBAR_CFG_BINARY, 1) == 0 else {
            throw ImageError.libraryFailed("zbar refused its QR code settings; libzbar0 0.23.1 or later is needed")
        }
    }

    /// Copies out the data of each QR symbol of a scanned image and
    /// overwrites zbar's copy (a heap buffer the symbol owns, freed unwiped
    /// with the image or recycled by the scanner). Every symbol is wiped,
    /// whatever its type.
    private func takeSymbols(of zimage: OpaquePointer) -> [SecureBytes] {
        var found: [SecureBytes] = []
        var symbol = firstSymbol(zimage)
        while let s = symbol {
            if let data = symbolData(s) {
                let count = Int(symbolDataLength(s))
                if symbolType(s) == ZBAR_QRCODE {
                    found.append(SecureBytes(copying: UnsafeRawBufferPointer(start: data, count: count)))
                }
                sodium_memzero(UnsafeMutableRawPointer(mutating: data), count)
            }
            symbol = nextSymbol(s)
        }
        return found
    }
}
