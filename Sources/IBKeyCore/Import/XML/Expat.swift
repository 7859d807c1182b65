#if canImport(Glibc)
import Glibc
#endif
import CExpat
import CSodium

/// libexpat, loaded with `dlopen` the first time an XML file is read, so that
/// no command but `import` (of a PSKC file) pays for it at start-up
/// (Docs/IMPORT.md, "Why libexpat, loaded with `dlopen`"). Every function is looked up once.
final class Expat: @unchecked Sendable {
    let parserCreateMM: ibkey_XML_ParserCreate_MM
    let parserFree: ibkey_XML_ParserFree
    let setUserData: ibkey_XML_SetUserData
    let setElementHandler: ibkey_XML_SetElementHandler
    let setCharacterDataHandler: ibkey_XML_SetCharacterDataHandler
    let setStartDoctypeDeclHandler: ibkey_XML_SetStartDoctypeDeclHandler
    let setEntityDeclHandler: ibkey_XML_SetEntityDeclHandler
    let setExternalEntityRefHandler: ibkey_XML_SetExternalEntityRefHandler
    let setParamEntityParsing: ibkey_XML_SetParamEntityParsing
    let stopParser: ibkey_XML_StopParser
    let parse: ibkey_XML_Parse
    let getErrorCode: ibkey_XML_GetErrorCode
    let errorString: ibkey_XML_ErrorString
    let getCurrentLineNumber: ibkey_XML_GetCurrentLineNumber

    /// The library, or why it could not be loaded.
    static let shared: Result<Expat, IBKeyError> = Expat.load()

    private init(_ h: UnsafeMutableRawPointer) throws {
        func symbol<T>(_ name: String, as: T.Type) throws -> T {
            guard let p = dlsym(h, name) else {
                throw IBKeyError.internalError("libexpat.so.1 lacks \(name)")
            }
            return unsafeBitCast(p, to: T.self)
        }
        parserCreateMM = try symbol("XML_ParserCreate_MM", as: ibkey_XML_ParserCreate_MM.self)
        parserFree = try symbol("XML_ParserFree", as: ibkey_XML_ParserFree.self)
        setUserData = try symbol("XML_SetUserData", as: ibkey_XML_SetUserData.self)
        setElementHandler = try symbol("XML_SetElementHandler", as: ibkey_XML_SetElementHandler.self)
        setCharacterDataHandler = try symbol("XML_SetCharacterDataHandler", as: ibkey_XML_SetCharacterDataHandler.self)
        setStartDoctypeDeclHandler = try symbol("XML_SetStartDoctypeDeclHandler", as: ibkey_XML_SetStartDoctypeDeclHandler.self)
        setEntityDeclHandler = try symbol("XML_SetEntityDeclHandler", as: ibkey_XML_SetEntityDeclHandler.self)
        setExternalEntityRefHandler = try symbol("XML_SetExternalEntityRefHandler", as: ibkey_XML_SetExternalEntityRefHandler.self)
        setParamEntityParsing = try symbol("XML_SetParamEntityParsing", as: ibkey_XML_SetParamEntityParsing.self)
        stopParser = try symbol("XML_StopParser", as: ibkey_XML_StopParser.self)
        parse = try symbol("XML_Parse", as: ibkey_XML_Parse.self)
        getErrorCode = try symbol("XML_GetErrorCode", as: ibkey_XML_GetErrorCode.self)
        errorString = try symbol("XML_ErrorString", as: ibkey_XML_ErrorString.self)
        getCurrentLineNumber = try symbol("XML_GetCurrentLineNumber", as: ibkey_XML_GetCurrentLineNumber.self)
    }

    private static func load() -> Result<Expat, IBKeyError> {
        guard let h = dlopen("libexpat.so.1", RTLD_NOW | RTLD_LOCAL) else {
            return .failure(.io("cannot load the XML library libexpat.so.1 (install the package libexpat1)"))
        }
        do { return .success(try Expat(h)) } catch let e as IBKeyError { return .failure(e) } catch {
            return .failure(.internalError("\(error)"))
        }
    }
}

/// The allocator libexpat is given: its copy of the document (which may hold
/// plain keys) and every buffer it makes are wiped before they are freed.
/// Each block carries its size in a 16-byte header.
enum WipingAllocator {
    static let header = 16

    static let suite = XML_Memory_Handling_Suite(malloc_fcn: allocate, realloc_fcn: reallocate, free_fcn: release)

    static let allocate: @convention(c) (Int) -> UnsafeMutableRawPointer? = { size in
        guard let base = malloc(size + WipingAllocator.header) else { return nil }
        base.storeBytes(of: size, as: Int.self)
        return base + WipingAllocator.header
    }

    static let release: @convention(c) (UnsafeMutableRawPointer?) -> Void = { p in
        guard let p else { return }
        let base = p - WipingAllocator.header
        sodium_memzero(p, base.load(as: Int.self))
        free(base)
    }

    static let reallocate: @convention(c) (UnsafeMutableRawPointer?, Int) -> UnsafeMutableRawPointer? = { p, size in
        guard let p else { return WipingAllocator.allocate(size) }
        let old = (p - WipingAllocator.header).load(as: Int.self)
        guard let fresh = WipingAllocator.allocate(size) else { return nil }
        fresh.copyMemory(from: p, byteCount: min(old, size))
        WipingAllocator.release(p)
        return fresh
    }
}
