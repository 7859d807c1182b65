/// A strict reader for one JSON object (RFC 8259) whose values may be
/// secrets: the text of each kept top-level string or number goes straight
/// into guarded memory. Everything else (member names, members not kept,
/// nested objects and arrays) is checked in place and skipped, without an
/// allocation: a guarded allocation costs several system calls, and a 1 MiB
/// file of small values would otherwise cost many seconds. Enough for key
/// files; not a general JSON library (ibkey's own JSON output is written by
/// the CLI).
enum StrictJSON {
    /// A top-level member's value.
    enum Value {
        /// A string, unescaped, in guarded memory.
        case string(SecureBytes)
        /// A number's text as written (`12`, `-1.5e3`), in guarded memory.
        case number(SecureBytes)
        case bool(Bool)
        case null
        /// An object or an array (not kept).
        case nested
    }

    /// Why the text is not one JSON object, and at which byte.
    struct Refusal: Error, Equatable {
        let reason: String
        let offset: Int
    }

    static let maxDepth = 16
    /// Members of the top-level object (a key file has a handful).
    static let maxMembers = 1_000

    /// The members of the object `bytes` holds, by name. A name given twice is refused.
    /// - Parameter keep: the members whose values are kept; the others are
    ///   checked and dropped (`.nested`), so a file of many members costs no
    ///   guarded memory.
    static func object(_ bytes: UnsafeRawBufferPointer, keep: Set<String>? = nil) throws -> [String: Value] {
        var p = Parser(b: bytes)
        p.skipSpace()
        guard p.peek == UInt8(ascii: "{") else { throw p.refuse("expected a JSON object") }
        var members: [String: Value] = [:]
        p.i += 1
        p.skipSpace()
        if p.peek == UInt8(ascii: "}") { p.i += 1 } else {
            while true {
                p.skipSpace()
                let key = try p.name()
                guard members[key] == nil else { throw p.refuse("the member \"\(key.oneLine)\" appears twice") }
                guard members.count < maxMembers else { throw p.refuse("more than \(maxMembers) members") }
                p.skipSpace()
                try p.expect(":")
                p.skipSpace()
                members[key] = try p.value(depth: 1, keep: keep.map { $0.contains(key) } ?? true)
                p.skipSpace()
                if p.peek == UInt8(ascii: ",") { p.i += 1; continue }
                try p.expect("}")
                break
            }
        }
        p.skipSpace()
        guard p.i == bytes.count else { throw p.refuse("text after the object") }
        return members
    }

    private struct Parser {
        let b: UnsafeRawBufferPointer
        var i = 0

        /// `\"`, `\\`, `\/`, `\b`, `\f`, `\n`, `\r`, `\t` and what each stands for.
        static let simpleEscapes: [UInt8: UInt8] = [0x22: 0x22, 0x5C: 0x5C, 0x2F: 0x2F, 0x62: 0x08, 0x66: 0x0C, 0x6E: 0x0A, 0x72: 0x0D, 0x74: 0x09]

        var peek: UInt8? { i < b.count ? b[i] : nil }

        func refuse(_ why: String) -> Refusal { Refusal(reason: why, offset: i) }

        mutating func skipSpace() {
            while let c = peek, ASCIISpace.contains(c) { i += 1 }
        }

        mutating func expect(_ c: Character) throws {
            guard peek == c.asciiValue else { throw refuse(peek == nil ? "the text ends early" : "expected '\(c)'") }
            i += 1
        }

        /// The value at `i`; when not `keep`, checked and skipped (`.nested`), nothing allocated.
        mutating func value(depth: Int, keep: Bool) throws -> Value {
            guard let c = peek else { throw refuse("the text ends early") }
            switch c {
            case UInt8(ascii: "\""):
                guard keep else { try skipString(); return .nested }
                return .string(try string())
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                guard depth < StrictJSON.maxDepth else { throw refuse("nested more than \(StrictJSON.maxDepth) deep") }
                try skipNested(depth: depth)
                return .nested
            case UInt8(ascii: "t"): try word("true"); return keep ? .bool(true) : .nested
            case UInt8(ascii: "f"): try word("false"); return keep ? .bool(false) : .nested
            case UInt8(ascii: "n"): try word("null"); return keep ? .null : .nested
            default:
                let range = try number()
                return keep ? .number(SecureBytes(copying: UnsafeRawBufferPointer(rebasing: b[range]))) : .nested
            }
        }

        mutating func word(_ w: String) throws {
            for c in w.utf8 {
                guard peek == c else { throw refuse("unexpected character") }
                i += 1
            }
        }

        /// `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`: where the number's text is.
        mutating func number() throws -> Range<Int> {
            let start = i
            func digits() throws {
                guard let c = peek, (0x30...0x39).contains(c) else { throw refuse("expected a digit") }
                while let c = peek, (0x30...0x39).contains(c) { i += 1 }
            }
            if peek == UInt8(ascii: "-") { i += 1 }
            if peek == UInt8(ascii: "0") { i += 1 } else { try digits() }
            if peek == UInt8(ascii: ".") { i += 1; try digits() }
            if peek == UInt8(ascii: "e") || peek == UInt8(ascii: "E") {
                i += 1
                if peek == UInt8(ascii: "+") || peek == UInt8(ascii: "-") { i += 1 }
                try digits()
            }
            return start..<i
        }

        /// A string checked and skipped in place: its escapes, and each run of
        /// bytes between them as UTF-8 (an escape always yields whole scalars,
        /// so the unescaped text is UTF-8 exactly when every run is).
        mutating func skipString() throws {
            let (start, end, _) = try scan()
            var run = start
            var k = start
            while k < end {
                guard b[k] == UInt8(ascii: "\\") else { k += 1; continue }
                guard StrictJSON.isUTF8(UnsafeRawBufferPointer(rebasing: b[run..<k])) else { i = start; throw refuse("a string is not UTF-8") }
                let e = b[k + 1]
                if e == UInt8(ascii: "u") { k += try unicodeEscape(at: k).1 } else {
                    guard Self.simpleEscapes[e] != nil else { i = k; throw refuse("an unknown escape in a string") }
                    k += 2
                }
                run = k
            }
            guard StrictJSON.isUTF8(UnsafeRawBufferPointer(rebasing: b[run..<end])) else { i = start; throw refuse("a string is not UTF-8") }
            i = end + 1
        }

        /// A member's name (not a secret): checked, then unescaped into ordinary memory.
        mutating func name() throws -> String {
            let start = i + 1
            try skipString()
            let raw = UnsafeRawBufferPointer(rebasing: b[start..<(i - 1)])
            guard raw.contains(UInt8(ascii: "\\")) else { return String(decoding: raw, as: UTF8.self) }
            i = start - 1
            return try string().withBytes { String(decoding: $0, as: UTF8.self) } // rare: a name with escapes
        }

        /// Where the string at `i` starts and ends (its quotes excluded), and
        /// its unescaped length; every escape checked.
        mutating func scan() throws -> (start: Int, end: Int, length: Int) {
            try expect("\"")
            // First pass: find the end and the unescaped length.
            let start = i
            var length = 0
            var j = i
            while true {
                guard j < b.count else { i = j; throw refuse("a string is not closed") }
                let c = b[j]
                if c == UInt8(ascii: "\"") { break }
                guard c >= 0x20 else { i = j; throw refuse("a control character inside a string") }
                if c == UInt8(ascii: "\\") {
                    guard j + 1 < b.count else { i = j; throw refuse("a string is not closed") }
                    if b[j + 1] == UInt8(ascii: "u") {
                        i = j
                        let (scalar, used) = try unicodeEscape(at: j)
                        length += String(scalar).utf8.count
                        j += used
                        continue
                    }
                    length += 1
                    j += 2
                    continue
                }
                length += 1
                j += 1
            }
            return (start, j, length)
        }

        /// A string, unescaped into guarded memory (UTF-8; `\u` escapes too).
        mutating func string() throws -> SecureBytes {
            let (start, end, length) = try scan()
            let out = SecureBytes(count: length)
            try out.withMutableBytes { o in
                var n = 0
                var k = start
                while k < end {
                    let c = b[k]
                    guard c == UInt8(ascii: "\\") else { o[n] = c; n += 1; k += 1; continue }
                    let e = b[k + 1]
                    if let v = Self.simpleEscapes[e] { o[n] = v; n += 1; k += 2; continue }
                    guard e == UInt8(ascii: "u") else { i = k; throw refuse("an unknown escape in a string") }
                    let (scalar, used) = try unicodeEscape(at: k)
                    for u in String(scalar).utf8 { o[n] = u; n += 1 }
                    k += used
                }
            }
            guard out.withBytes(StrictJSON.isUTF8) else { i = start; throw refuse("a string is not UTF-8") }
            i = end + 1
            return out
        }

        /// `\uXXXX`, or a surrogate pair `\uD8xx\uDCxx`: the scalar and the bytes used.
        func unicodeEscape(at k: Int) throws -> (Unicode.Scalar, Int) {
            func hex4(_ at: Int) throws -> UInt32 {
                guard at + 6 <= b.count, b[at] == UInt8(ascii: "\\"), b[at + 1] == UInt8(ascii: "u") else {
                    throw Refusal(reason: "a \\u escape is cut short", offset: at)
                }
                var v: UInt32 = 0
                for c in b[(at + 2)..<(at + 6)] {
                    guard let d = Hex.value(c) else { throw Refusal(reason: "a \\u escape is not hex", offset: at) }
                    v = v << 4 | UInt32(d)
                }
                return v
            }
            let first = try hex4(k)
            if (0xD800...0xDBFF).contains(first) {
                let second = try hex4(k + 6)
                guard (0xDC00...0xDFFF).contains(second) else { throw Refusal(reason: "a lone surrogate in a \\u escape", offset: k) }
                return (Unicode.Scalar(0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00))!, 12)
            }
            guard let s = Unicode.Scalar(first) else { throw Refusal(reason: "a lone surrogate in a \\u escape", offset: k) }
            return (s, 6)
        }

        mutating func skipNested(depth: Int) throws {
            let close: UInt8 = peek == UInt8(ascii: "{") ? UInt8(ascii: "}") : UInt8(ascii: "]")
            let isObject = close == UInt8(ascii: "}")
            i += 1
            skipSpace()
            if peek == close { i += 1; return }
            while true {
                skipSpace()
                if isObject {
                    try skipString()
                    skipSpace()
                    try expect(":")
                    skipSpace()
                }
                _ = try value(depth: depth + 1, keep: false)
                skipSpace()
                if peek == UInt8(ascii: ",") { i += 1; continue }
                guard peek == close else { throw refuse(peek == nil ? "the text ends early" : "expected ',' or '\(Character(Unicode.Scalar(close)))'") }
                i += 1
                return
            }
        }
    }
}

extension StrictJSON {
    /// True when `bytes` is valid UTF-8, checked in place (no copy leaves guarded memory).
    static func isUTF8(_ bytes: UnsafeRawBufferPointer) -> Bool {
        var decoder = UTF8()
        var it = bytes.makeIterator()
        while true {
            switch decoder.decode(&it) {
            case .scalarValue: continue
            case .emptyInput: return true
            case .error: return false
            }
        }
    }
}
