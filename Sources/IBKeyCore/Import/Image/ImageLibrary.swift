#if canImport(Glibc)
import Glibc
#endif

/// A library of the image path (zbar, libpng, TurboJPEG) opened with
/// `dlopen`, for looking its functions up by name. Each loader (`ZBar`,
/// `LibPNG`, `TurboJPEG`) opens its library once, in a `static let`, the
/// first time an image needs it; it stays loaded for the life of the process.
struct ImageLibrary {
    let file: String
    private let handle: UnsafeMutableRawPointer

    /// Opens `file` (`RTLD_LOCAL`: its symbols and those of its dependencies
    /// stay out of the global namespace).
    /// - Throws: `.libraryMissing`, naming `package`.
    init(_ file: String, package: String) throws {
        guard let h = dlopen(file, RTLD_NOW | RTLD_LOCAL) else {
            throw ImageError.libraryMissing(library: file, package: package)
        }
        self.file = file
        self.handle = h
    }

    /// The function called `name`, as the C function type `T` (a shim typedef).
    /// - Throws: `.libraryFailed` when the library lacks it (a version too old).
    func function<T>(_ name: String, as: T.Type) throws -> T {
        guard let p = dlsym(handle, name) else {
            throw ImageError.libraryFailed("\(file) lacks \(name); the library is too old")
        }
        return unsafeBitCast(p, to: T.self)
    }

    /// The loader `load` makes, or the error it threw, as a `Result` a
    /// `static let` can hold.
    static func loading<L>(_ load: () throws -> L) -> Result<L, ImageError> {
        do { return .success(try load()) } catch let e as ImageError { return .failure(e) } catch {
            return .failure(.libraryFailed("\(error)"))
        }
    }
}
