import Foundation
import Testing

/// Every `public` declaration of IBKeyCore carries a `///` doc comment: the
/// core is the surface the CLI, the fuzzer and the benchmarks build on, and an
/// undocumented declaration is one whose reader has to guess what it promises.
@Suite("Public API documentation")
struct PublicAPIDocTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test("every public declaration in Sources/IBKeyCore has a /// doc comment")
    func everyPublicDeclarationIsDocumented() throws {
        let folder = Self.root.appendingPathComponent("Sources/IBKeyCore")
        let enumerator = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil)
        let files = (enumerator?.allObjects as? [URL] ?? []).filter { $0.pathExtension == "swift" }
            .sorted { $0.path < $1.path }
        #expect(files.count > 50, "expected the IBKeyCore sources under \(folder.path)")
        var missing = 0
        for file in files {
            let text = try String(contentsOf: file, encoding: .utf8)
            let path = file.path.hasPrefix(Self.root.path + "/") ? String(file.path.dropFirst(Self.root.path.count + 1)) : file.path
            for finding in PublicDeclarationScanner.undocumented(in: text) {
                missing += 1
                Issue.record("\(path):\(finding.line): no /// doc comment: \(finding.declaration)")
            }
        }
        #expect(missing == 0, "\(missing) public declarations without a /// doc comment")
    }

    @Test("the scanner flags what it must and exempts what it may")
    func scannerCases() {
        // Lines marked ✗ must be flagged, and only they.
        let sample = #"""
        /// Documented.
        public struct A {
            public var undocumented: Int // ✗
            /// Documented, an attribute between.
            @inline(__always)
            public func f() {}
            @discardableResult public func g() -> Int { 0 } // ✗
            /// Documented, attributes on their own lines.
            @discardableResult
            @inline(__always)
            public static func h() -> Int { 0 }
            public private(set) var p = 0 // ✗
            private(set) public var q = 0 // ✗
            public init() {} // ✗
            public static func make(a: Int, // ✗
                                    b: Int) -> A { A() }
            /// Documented.

            public var afterBlankLine = 0 // ✗
            let s = "public var notADeclaration"
            // public func commentedOut()
            var internalOne = 0
        }
        public final class B {} // ✗
        @MainActor public enum C { case x } // ✗

        public extension A {
            func implicit() {} // ✗
            /// Documented.
            var documented: Int { 0 }
            static let constant = 1 // ✗
            private func hidden() {}
            fileprivate var alsoHidden: Int { 0 }
        }
        extension A: Equatable {
            public static func == (a: A, b: A) -> Bool { true } // ✗
            func internalMember() {}
        }
        /* public func inABlockComment() */
        let text = """
        public func insideAString()
        """
        """#
        let expected = sample.components(separatedBy: "\n").enumerated()
            .filter { $0.element.contains("// ✗") }.map { $0.offset + 1 }
        #expect(PublicDeclarationScanner.undocumented(in: sample).map(\.line) == expected)
    }
}

/// Finds `public` declarations (and the implicitly public members of a
/// `public extension`) not directly preceded by a `///` comment; attribute
/// lines between the comment and the declaration are allowed. Line-based:
/// it relies on the code's style of one declaration starting per line.
enum PublicDeclarationScanner {
    struct Finding: Equatable {
        let line: Int
        let declaration: String
    }

    static let attributes = #"(@[A-Za-z_][A-Za-z0-9_]*(\([^)]*\))?\s*)"#
    static let modifiers = #"((final|static|class|override|nonisolated|convenience|required|mutating|nonmutating|lazy|dynamic|indirect|(private|fileprivate|internal)\(set\))\s+)"#
    /// The patterns, made per scan (`Regex` is not `Sendable`, so no static one).
    struct Patterns {
        /// A line that is attributes only (`@inline(__always)`, `@discardableResult`).
        let attributeLine = try! Regex("^\(attributes)+$")
        /// An explicitly public (or open) declaration, attributes and modifiers first.
        let explicitlyPublic = try! Regex("^\(attributes)*\(modifiers)*(public|open)\\s")
        let publicExtension = try! Regex("^\(attributes)*(public|open)\\s+extension\\s")
        /// A member declaration with no access modifier (public inside a `public extension`).
        let member = try! Regex("^\(attributes)*\(modifiers)*(func|var|let|init|subscript|struct|enum|class|actor|protocol|typealias)\\b")
    }

    static func undocumented(in source: String) -> [Finding] {
        let p = Patterns()
        let lines = source.components(separatedBy: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        var findings: [Finding] = []
        var state = LexState()
        var depth = 0
        var publicExtensionBodies: [Int] = [] // brace depths whose members are implicitly public
        var extensionOpening = false
        for (i, line) in lines.enumerated() {
            let startsInCode = !state.inMultilineString && !state.inBlockComment
            let code = state.code(of: line)
            if startsInCode {
                var needsDoc = false
                if line.prefixMatch(of: p.publicExtension) != nil {
                    extensionOpening = true
                } else if line.prefixMatch(of: p.explicitlyPublic) != nil {
                    needsDoc = true
                } else if publicExtensionBodies.last == depth, line.prefixMatch(of: p.member) != nil {
                    needsDoc = true
                }
                if needsDoc && !isDocumented(i, lines, p) {
                    findings.append(Finding(line: i + 1, declaration: String(line.prefix(100))))
                }
            }
            for c in code {
                if c == "{" {
                    depth += 1
                    if extensionOpening { publicExtensionBodies.append(depth); extensionOpening = false }
                } else if c == "}" {
                    if publicExtensionBodies.last == depth { publicExtensionBodies.removeLast() }
                    depth -= 1
                }
            }
        }
        return findings
    }

    /// The line above `i`, past attribute-only lines, is a doc comment.
    static func isDocumented(_ i: Int, _ lines: [String], _ p: Patterns) -> Bool {
        var j = i - 1
        while j >= 0, lines[j].wholeMatch(of: p.attributeLine) != nil { j -= 1 }
        guard j >= 0 else { return false }
        return lines[j].hasPrefix("///") || (lines[j].hasSuffix("*/") && !lines[j].hasPrefix("//"))
    }

    /// Enough lexing to count braces outside strings and comments, and to
    /// know whether a line starts inside a multi-line string or block comment.
    struct LexState {
        var inMultilineString = false
        var inBlockComment = false

        /// The characters of `line` that are code (strings and comments removed).
        mutating func code(of line: String) -> [Character] {
            let chars = Array(line)
            var out: [Character] = []
            var i = 0
            var inString = false
            func at(_ s: String) -> Bool {
                let p = Array(s)
                return i + p.count <= chars.count && Array(chars[i..<(i + p.count)]) == p
            }
            while i < chars.count {
                if inBlockComment {
                    if at("*/") { inBlockComment = false; i += 2 } else { i += 1 }
                } else if inMultilineString {
                    if chars[i] == "\\" { i += 2 } else if at("\"\"\"") { inMultilineString = false; i += 3 } else { i += 1 }
                } else if inString {
                    if chars[i] == "\\" { i += 2 } else { if chars[i] == "\"" { inString = false }; i += 1 }
                } else if at("//") {
                    break
                } else if at("/*") {
                    inBlockComment = true; i += 2
                } else if at("\"\"\"") {
                    inMultilineString = true; i += 3
                } else if chars[i] == "\"" {
                    inString = true; i += 1
                } else {
                    out.append(chars[i]); i += 1
                }
            }
            return out
        }
    }
}
