import CExpat

/// One element of a parsed XML document: namespace URI, local name,
/// attributes, children and text. Enough for PSKC; not a general DOM.
final class XMLNode {
    let namespace: String
    let name: String
    /// Attribute values by name (`uri|name` for a namespaced attribute).
    let attributes: [String: String]
    private(set) var children: [XMLNode] = []
    /// The character data directly inside, for elements whose text is not secret.
    fileprivate(set) var text: [UInt8] = []
    /// The character data of elements holding secrets (PSKC's PlainValue), in guarded memory.
    fileprivate(set) var secretText: SecureBytes?

    init(namespace: String, name: String, attributes: [String: String]) {
        self.namespace = namespace; self.name = name; self.attributes = attributes
    }

    /// The first child called `name`, in namespace `ns` (any namespace when nil).
    func first(_ name: String, _ ns: String? = nil) -> XMLNode? {
        children.first { $0.name == name && (ns == nil || $0.namespace == ns) }
    }

    /// Every child called `name`, in namespace `ns` (any when nil).
    func all(_ name: String, _ ns: String? = nil) -> [XMLNode] {
        children.filter { $0.name == name && (ns == nil || $0.namespace == ns) }
    }

    /// The child at `path` (one local name per step, any namespace).
    func find(_ path: String...) -> XMLNode? {
        var node: XMLNode? = self
        for step in path { node = node?.first(step) }
        return node
    }

    /// The text with surrounding whitespace removed.
    var trimmedText: String {
        guard let kept = ASCIISpace.trimmed(text) else { return "" }
        return String(decoding: text[kept], as: UTF8.self)
    }

    fileprivate func append(_ child: XMLNode) { children.append(child) }
}

/// Parses XML with libexpat and namespace processing. Refused before anything
/// in them is processed: a DOCTYPE, an entity declaration, an external
/// reference (so nothing is ever fetched, and no entity can expand).
enum XMLDocument {
    static let maxDepth = 32
    static let maxElements = 20_000
    /// PlainValue elements (each held in guarded memory, which costs mappings).
    static let maxSecretValues = 2_000

    /// Why a document was refused, and where.
    struct Refusal: Error, Equatable {
        let reason: String
        let line: Int
    }

    /// The root element of `bytes`.
    /// - Parameter secretElements: local names whose text is kept in guarded memory.
    static func parse(_ bytes: SecureBytes, secretElements: Set<String>) throws -> XMLNode {
        let expat: Expat
        switch Expat.shared {
        case .success(let e): expat = e
        case .failure(let e): throw e
        }
        var suite = WipingAllocator.suite
        guard let parser = expat.parserCreateMM(nil, &suite, "|") else {
            throw IBKeyError.internalError("libexpat could not create a parser")
        }
        defer { expat.parserFree(parser) }
        let builder = Builder(expat: expat, parser: parser, secretElements: secretElements)
        let context = Unmanaged.passUnretained(builder).toOpaque()
        expat.setUserData(parser, context)
        _ = expat.setParamEntityParsing(parser, XML_PARAM_ENTITY_PARSING_NEVER)
        expat.setElementHandler(parser, { ctx, name, atts in Builder.from(ctx).start(name, atts) },
                                { ctx, _ in Builder.from(ctx).end() })
        expat.setCharacterDataHandler(parser) { ctx, s, n in Builder.from(ctx).characters(s, Int(n)) }
        expat.setStartDoctypeDeclHandler(parser) { ctx, _, _, _, _ in Builder.from(ctx).refuse("a DOCTYPE declaration is not allowed (nothing in the file is fetched or expanded)") }
        expat.setEntityDeclHandler(parser) { ctx, _, _, _, _, _, _, _, _ in Builder.from(ctx).refuse("an entity declaration is not allowed (nothing in the file is fetched or expanded)") }
        expat.setExternalEntityRefHandler(parser) { _, _, _, _, _ in 0 } // XML_STATUS_ERROR: never fetch
        let status = bytes.withBytes { b in
            expat.parse(parser, b.baseAddress?.assumingMemoryBound(to: CChar.self), Int32(b.count), 1)
        }
        let line = Int(expat.getCurrentLineNumber(parser))
        if let reason = builder.refusal { throw Refusal(reason: reason, line: line) }
        guard status == XML_STATUS_OK, let root = builder.root else {
            let message = expat.errorString(expat.getErrorCode(parser)).map { String(cString: $0) } ?? "malformed XML"
            throw Refusal(reason: message, line: line)
        }
        return root
    }

    /// Builds the tree from expat's events.
    private final class Builder {
        let expat: Expat
        let parser: XML_Parser
        let secretElements: Set<String>
        var stack: [XMLNode] = []
        var root: XMLNode?
        var elements = 0
        var secretValues = 0
        var refusal: String?
        /// The text of the secret element being read: a guarded buffer that
        /// doubles when full (text arrives in many small chunks), trimmed at
        /// the element's end.
        var secret: (bytes: SecureBytes, count: Int)?

        init(expat: Expat, parser: XML_Parser, secretElements: Set<String>) {
            self.expat = expat; self.parser = parser; self.secretElements = secretElements
        }

        static func from(_ ctx: UnsafeMutableRawPointer?) -> Builder { Unmanaged<Builder>.fromOpaque(ctx!).takeUnretainedValue() }

        func refuse(_ why: String) {
            if refusal == nil { refusal = why }
            _ = expat.stopParser(parser, 0)
        }

        /// Splits expat's `uri|local` (or a bare `local`).
        static func split(_ name: String) -> (ns: String, local: String) {
            guard let bar = name.lastIndex(of: "|") else { return ("", name) }
            return (String(name[..<bar]), String(name[name.index(after: bar)...]))
        }

        func start(_ name: UnsafePointer<XML_Char>?, _ atts: UnsafeMutablePointer<UnsafePointer<XML_Char>?>?) {
            guard refusal == nil, let name else { return }
            elements += 1
            guard elements <= XMLDocument.maxElements else { return refuse("more than \(XMLDocument.maxElements) elements") }
            guard stack.count < XMLDocument.maxDepth else { return refuse("nesting deeper than \(XMLDocument.maxDepth)") }
            var attributes: [String: String] = [:]
            var i = 0
            while let atts, let key = atts[i], let value = atts[i + 1] {
                attributes[String(cString: key)] = String(cString: value)
                i += 2
            }
            let (ns, local) = Self.split(String(cString: name))
            if secretElements.contains(local) {
                secretValues += 1
                // Each secret value takes guarded pages of its own: bounded.
                guard secretValues <= XMLDocument.maxSecretValues else { return refuse("more than \(XMLDocument.maxSecretValues) secret values") }
            }
            let node = XMLNode(namespace: ns, name: local, attributes: attributes)
            if let parent = stack.last { parent.append(node) } else { root = node }
            stack.append(node)
        }

        func end() {
            guard refusal == nil else { return }
            if let node = stack.last, let (bytes, count) = secret {
                node.secretText = count == bytes.count ? bytes : SecureBytes(copying: bytes, range: 0..<count)
                secret = nil
            }
            _ = stack.popLast()
        }

        func characters(_ s: UnsafePointer<XML_Char>?, _ n: Int) {
            guard refusal == nil, let node = stack.last, let s, n > 0 else { return }
            let chunk = UnsafeRawBufferPointer(start: s, count: n)
            if secretElements.contains(node.name) {
                var (bytes, count) = secret ?? (SecureBytes(count: max(64, n)), 0)
                if count + n > bytes.count {
                    let grown = SecureBytes(count: max(2 * bytes.count, count + n))
                    grown.withMutableBytes { g in bytes.withBytes { g.baseAddress!.copyMemory(from: $0.baseAddress!, byteCount: count) } }
                    bytes = grown
                }
                bytes.withMutableBytes { (b: UnsafeMutableRawBufferPointer) in (b.baseAddress! + count).copyMemory(from: chunk.baseAddress!, byteCount: n) }
                secret = (bytes, count + n)
            } else {
                node.text.append(contentsOf: chunk)
            }
        }
    }
}
