import Testing
@testable import IBKeyCore

/// The strict one-object JSON reader behind IB Key data files (internal).
@Suite("StrictJSON (RFC 8259, one object)")
struct StrictJSONTests {
    static func object(_ text: String) throws -> [String: StrictJSON.Value] {
        try object(bytes: Array(text.utf8))
    }

    static func object(bytes: [UInt8]) throws -> [String: StrictJSON.Value] {
        try bytes.withUnsafeBytes { try StrictJSON.object($0) }
    }

    /// The refusal `text` gets; records an issue when it is accepted.
    @discardableResult
    static func refusal(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) -> StrictJSON.Refusal? {
        refusal(bytes: Array(text.utf8), sourceLocation: sourceLocation)
    }

    @discardableResult
    static func refusal(bytes: [UInt8], sourceLocation: SourceLocation = #_sourceLocation) -> StrictJSON.Refusal? {
        do {
            let members = try object(bytes: bytes)
            Issue.record("accepted \(String(decoding: bytes, as: UTF8.self).debugDescription) as \(members.keys.sorted())", sourceLocation: sourceLocation)
            return nil
        } catch let r as StrictJSON.Refusal {
            #expect(!r.reason.contains("\n"), sourceLocation: sourceLocation)
            #expect((0...bytes.count).contains(r.offset), "offset \(r.offset) outside the text", sourceLocation: sourceLocation)
            return r
        } catch {
            Issue.record("threw \(error)", sourceLocation: sourceLocation)
            return nil
        }
    }

    static func string(_ v: StrictJSON.Value?) -> String? {
        if case .string(let s)? = v { return s.withBytes { String(decoding: $0, as: UTF8.self) } }
        return nil
    }

    static func number(_ v: StrictJSON.Value?) -> String? {
        if case .number(let s)? = v { return s.withBytes { String(decoding: $0, as: UTF8.self) } }
        return nil
    }

    @Test("members of every kind")
    func kinds() throws {
        let m = try Self.object(#"{"s": "x", "n": -1.5e3, "t": true, "f": false, "z": null, "o": {"a": [1, {}]}, "a": [], "e": ""}"#)
        #expect(m.keys.sorted() == ["a", "e", "f", "n", "o", "s", "t", "z"])
        #expect(Self.string(m["s"]) == "x")
        #expect(Self.string(m["e"]) == "")
        #expect(Self.number(m["n"]) == "-1.5e3") // the text as written
        if case .bool(true)? = m["t"] {} else { Issue.record("t") }
        if case .bool(false)? = m["f"] {} else { Issue.record("f") }
        if case .null? = m["z"] {} else { Issue.record("z") }
        if case .nested? = m["o"] {} else { Issue.record("o") }
        if case .nested? = m["a"] {} else { Issue.record("a") }
        #expect(try Self.object("{}").isEmpty)
        #expect(try Self.object(" \t\r\n{ \t\r\n} \t\r\n").isEmpty)
    }

    @Test("escapes are decoded, \\u escapes and surrogate pairs into UTF-8")
    func escapes() throws {
        let m = try Self.object(#"{"a": "\"\\\/\b\f\n\r\t", "b": "\u00e9\u20AC", "c": "\ud83d\ude00", "d": "\u0000", "é": "€😀"}"#)
        #expect(Self.string(m["a"]) == "\"\\/\u{08}\u{0C}\n\r\t")
        #expect(Self.string(m["b"]) == "é€")
        #expect(Self.string(m["c"]) == "😀")
        #expect(Self.string(m["d"]) == "\u{0}")
        #expect(Self.string(m["é"]) == "€😀")
    }

    @Test("numbers follow the JSON grammar exactly",
          arguments: ["0", "-0", "1", "-1", "10", "1.5", "0.0", "1e5", "1E5", "1e+5", "1e-5", "-0.5E-07", "18446744073709551616"])
    func numbers(_ text: String) throws {
        #expect(Self.number(try Self.object("{\"n\": \(text)}")["n"]) == text)
    }

    @Test("not JSON numbers", arguments: ["01", "-", "+1", "1.", ".5", "1e", "1e+", "0x10", "--1", "1.2.3", "NaN", "Infinity", "-Infinity", "1_000"])
    func badNumbers(_ text: String) {
        Self.refusal("{\"n\": \(text)}")
    }

    @Test("literals are lower case and whole", arguments: ["tru", "True", "nul", "NULL", "falsey", "f", "t1"])
    func badLiterals(_ text: String) {
        Self.refusal("{\"v\": \(text)}")
    }

    @Test("a name given twice is refused, also when spelled with an escape")
    func duplicates() throws {
        #expect(Self.refusal(#"{"a": 1, "a": 1}"#)?.reason.contains("twice") == true)
        #expect(Self.refusal(#"{"a": 1, "\u0061": 2}"#)?.reason.contains("twice") == true)
        // Distinct names that differ only in case are two names.
        #expect(try Self.object(#"{"a": 1, "A": 2}"#).count == 2)
    }

    @Test("only one object, nothing after it but white space")
    func trailing() {
        #expect(Self.refusal(#"{"a": 1} x"#)?.offset == 9)
        Self.refusal(#"{"a": 1}{}"#)
        Self.refusal(#"{"a": 1},"#)
        Self.refusal("{\"a\": 1}\u{0}")
        for notObject in ["", " ", "[]", "\"x\"", "1", "null", "true"] {
            #expect(Self.refusal(notObject)?.reason.contains("object") == true, "\(notObject.debugDescription)")
        }
    }

    @Test("malformed objects", arguments: [#"{"#, #"{"a""#, #"{"a":"#, #"{"a":1"#, #"{"a":1,}"#, #"{,}"#, #"{"a" 1}"#, #"{a: 1}"#,
                                          #"{'a': 1}"#, #"{"a":1 "b":2}"#, #"{"a":[1,]}"#, #"{"a":[,1]}"#, #"{"a":[1 2]}"#,
                                          #"{"a":{"b"}}"#, #"{"a":{"b":}}"#, #"{"a":{1:2}}"#, #"{"a":[}"#, #"{"a":{]}"#, #"{"a":[01]}"#,
                                          #"{"a":["\x"]}"#, "{\"a\":[\"\u{1}\"]}"])
    func malformed(_ text: String) {
        Self.refusal(text)
    }

    @Test("refusal offsets point at the fault")
    func offsets() {
        #expect(Self.refusal(#"{"a":1,}"#)?.offset == 7)
        #expect(Self.refusal(#"{"a": tru}"#)?.offset == 9)
        #expect(Self.refusal(#"{"a": 01}"#)?.offset == 7)
        #expect(Self.refusal(#"{"ab": "c\qd"}"#)?.offset == 9)
        #expect(Self.refusal("{\"ab\": \"c\u{1}d\"}")?.offset == 9)
    }

    @Test("white space is space, tab, LF and CR only", arguments: ["\u{0B}", "\u{0C}", "\u{A0}", "\u{2028}", "\u{FEFF}"])
    func whiteSpace(_ ws: String) {
        Self.refusal("\(ws){\"a\": 1}")
        Self.refusal("{\(ws)\"a\": 1}")
        Self.refusal("{\"a\":\(ws)1}")
    }

    @Test("nesting: 16 levels including the top object are read, 17 refused")
    func depth() throws {
        func nested(_ arrays: Int, open: String = "[", close: String = "]") -> String {
            "{\"a\": " + String(repeating: open, count: arrays) + String(repeating: close, count: arrays) + "}"
        }
        #expect(try Self.object(nested(15)).count == 1)
        #expect(Self.refusal(nested(16))?.reason.contains("nested") == true)
        let objects = "{\"a\": " + String(repeating: "{\"b\": ", count: 15) + "1" + String(repeating: "}", count: 15) + "}"
        #expect(try Self.object(objects).count == 1)
        let deeper = "{\"a\": " + String(repeating: "{\"b\": ", count: 16) + "1" + String(repeating: "}", count: 16) + "}"
        #expect(Self.refusal(deeper)?.reason.contains("nested") == true)
        // Deep enough to overflow a recursive parser's stack: refused at once.
        #expect(Self.refusal(nested(1_000_000))?.reason.contains("nested") == true)
    }

    @Test("strings: control characters refused, DEL and any valid UTF-8 kept")
    func controlCharacters() throws {
        for c in 0..<0x20 {
            Self.refusal(bytes: Array("{\"a\": \"x".utf8) + [UInt8(c)] + Array("\"}".utf8))
            Self.refusal(bytes: Array("{\"a".utf8) + [UInt8(c)] + Array("\": 1}".utf8))
        }
        #expect(Self.string(try Self.object(bytes: Array("{\"a\": \"x".utf8) + [0x7F] + Array("\"}".utf8))["a"]) == "x\u{7F}")
        #expect(Self.string(try Self.object(bytes: Array("{\"a\": \"".utf8) + [0xF0, 0x9F, 0x98, 0x80, 0xF4, 0x8F, 0xBF, 0xBF] + Array("\"}".utf8))["a"])
                == "😀\u{10FFFF}")
    }

    @Test("strings and names: invalid UTF-8 is refused",
          arguments: [[0xFF], [0x80], [0xC0, 0x80], [0xC1, 0xBF], [0xE0, 0x80, 0x80], [0xED, 0xA0, 0x80], [0xED, 0xBF, 0xBF],
                      [0xE2, 0x82], [0xF0, 0x9F, 0x98], [0xF4, 0x90, 0x80, 0x80], [0xF8, 0x88, 0x80, 0x80, 0x80], [0xFE], [0xC3, 0x28]] as [[UInt8]])
    func invalidUTF8(_ bad: [UInt8]) {
        #expect(Self.refusal(bytes: Array("{\"a\": \"x".utf8) + bad + Array("y\"}".utf8))?.reason.contains("UTF-8") == true)
        #expect(Self.refusal(bytes: Array("{\"a".utf8) + bad + Array("\": 1}".utf8))?.reason.contains("UTF-8") == true)
        Self.refusal(bytes: Array("{\"a\": [\"".utf8) + bad + Array("\"]}".utf8))
    }

    @Test("bad escapes", arguments: [#"\x"#, #"\a"#, #"\'"#, #"\0"#, #"\U0041"#, #"\u"#, #"\u12"#, #"\u12G4"#, #"\ud800"#, #"\udc00"#,
                                     #"\ud800\u0041"#, #"\ud800\ud800"#, #"\udbff"#, "\\"])
    func badEscapes(_ escape: String) {
        Self.refusal("{\"a\": \"x\(escape)\"}")
        Self.refusal("{\"a\(escape)\": 1}")
    }

    @Test("unclosed strings")
    func unclosed() {
        for text in [#"{"a"#, #"{"a": "b"#, #"{"a": "b\"#, #"{"a": "b\""#, #"{"a": ["b"#] {
            Self.refusal(text)
        }
    }

    @Test("property: random bytes never crash the reader, and any accepted text is one object")
    func fuzz() {
        var g = SystemRandomNumberGenerator()
        let alphabet = Array("{}[]\":,\\ \t\n-+.0123456789eEtrufalsn\u{1}xu".utf8) + [0xC3, 0xA9, 0xFF]
        for _ in 0..<20_000 {
            let n = Int.random(in: 0...24, using: &g)
            let bytes = (0..<n).map { _ in alphabet.randomElement(using: &g)! }
            if let _ = try? Self.object(bytes: bytes) {
                #expect(bytes.first(where: { ![0x20, 0x09, 0x0A, 0x0D].contains($0) }) == UInt8(ascii: "{"))
            }
        }
    }
}
