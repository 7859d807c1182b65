import Foundation
import Testing

/// The shape of IBKeyCore, read from its sources (Docs/ARCHITECTURE.md): no
/// two folders depend on each other both ways, and no core file speaks of
/// exit codes, which are the CLI's alone (`ExitStatus`).
@Suite("The core's boundaries")
struct CoreBoundaryTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Sources/IBKeyCore")

    /// Every Swift file of the core, with its folder ("(top)" for the top level) and text.
    static func files() throws -> [(folder: String, path: String, text: String)] {
        let paths = (FileManager.default.enumerator(atPath: root.path)?.allObjects as? [String] ?? [])
            .filter { $0.hasSuffix(".swift") }.sorted()
        return try paths.map { p in
            let parts = p.split(separator: "/")
            return (parts.count > 1 ? String(parts[0]) : "(top)", p, try String(contentsOfFile: root.path + "/" + p, encoding: .utf8))
        }
    }

    /// A folder uses another when its code (comments left out) names a type declared there.
    @Test("no two folders of IBKeyCore depend on each other both ways")
    func noCycles() throws {
        let files = try Self.files()
        #expect(files.count > 50)
        let declaration = try Regex(#"(?m)^(?:public |final |internal |fileprivate |private )*(?:struct|enum|class|protocol|typealias|actor)\s+(\w+)"#)
        var declaredIn: [String: String] = [:]
        for f in files {
            for m in f.text.matches(of: declaration) {
                if let name = m.output[1].substring, declaredIn[String(name)] == nil { declaredIn[String(name)] = f.folder }
            }
        }
        var uses: [String: Set<String>] = [:] // "A>B" → the names of B that A uses
        for f in files {
            let code = f.text.split(separator: "\n").map { $0.split(separator: "//", maxSplits: 1, omittingEmptySubsequences: false).first ?? "" }
                .joined(separator: "\n")
            let words = Set(code.split { !($0.isLetter || $0.isNumber || $0 == "_") }.map(String.init))
            for (name, folder) in declaredIn where folder != f.folder && words.contains(name) {
                uses[f.folder + ">" + folder, default: []].insert(name)
            }
        }
        for (edge, names) in uses {
            let ends = edge.split(separator: ">").map(String.init)
            guard ends[0] < ends[1], !ends.contains("(top)"), let back = uses[ends[1] + ">" + ends[0]] else { continue }
            Issue.record("\(ends[0]) <-> \(ends[1]): \(ends[0]) uses \(names.sorted().prefix(4)), \(ends[1]) uses \(back.sorted().prefix(4))")
        }
    }

    @Test("no core source names an exit code")
    func noExitCodes() throws {
        let exitCode = try Regex(#"(?i)\bexit(s|ed)?( code| status)?\s*\(?\d+"#)
        for f in try Self.files() {
            for (n, line) in f.text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
            where line.contains(exitCode) || line.contains("ExitStatus") {
                Issue.record("Sources/IBKeyCore/\(f.path):\(n + 1): \(line.trimmingCharacters(in: .whitespaces))")
            }
        }
    }
}
