import Foundation
import Testing
@testable import IBKeyCLI
import IBKeyCore

/// One exit-code table (`ExitStatus`): what `--help`, the man page and
/// Docs/README.md say must be exactly what the code maps errors to.
private typealias ExitStatus = IBKeyCLI.ExitStatus

@Suite("Exit codes: one table")
struct ExitCodeTests {
    static func doc(_ path: String) throws -> String {
        try String(contentsOf: FuzzRegressionTests.root.appendingPathComponent(path), encoding: .utf8)
    }

    @Test("--help shows every row of the table")
    func help() {
        let r = Sandbox().run(["--help"])
        #expect(r.status == 0)
        #expect(r.stdout.contains("EXIT CODES:\n" + ExitStatus.table + "\n"), "\(r.stdout)")
    }

    @Test("Docs/README.md has the same table, row for row")
    func readme() throws {
        let rows = try Self.doc("Docs/README.md").split(separator: "\n").filter { $0.hasPrefix("| ") && $0.split(separator: "|").count == 2 }
        let documented = rows.compactMap { row -> (Int32, String)? in
            let cells = row.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            guard let code = Int32(cells[0]) else { return nil }
            return (code, cells[1])
        }
        #expect(documented.map(\.0) == ExitStatus.allCases.map(\.rawValue))
        for (code, meaning) in documented {
            #expect(ExitStatus(rawValue: code)?.meaning == meaning, "Docs/README.md row \(code): \(meaning)")
        }
    }

    @Test("the man page has the same table: each code with its own meaning, in order")
    func manPage() throws {
        let page = try Self.doc("Docs/ibkey.1")
        // EXIT STATUS is a tag list: ".It CODE" then the meaning on the next line.
        let section = try #require(page.components(separatedBy: ".Sh EXIT STATUS\n").dropFirst().first?
            .components(separatedBy: ".Sh ").first)
        let lines = section.split(separator: "\n").map(String.init)
        var pairs: [(String, String)] = []
        for (i, line) in lines.enumerated() where line.hasPrefix(".It ") && i + 1 < lines.count {
            pairs.append((String(line.dropFirst(4)), lines[i + 1]))
        }
        #expect(pairs.map(\.0) == ExitStatus.allCases.map { String($0.rawValue) }, "\(pairs)")
        #expect(pairs.map(\.1) == ExitStatus.allCases.map(\.meaning), "\(pairs)")
    }

    @Test("every error maps to its documented code")
    func mapping() {
        let cases: [(IBKeyError, ExitStatus)] = [
            (.rejected("x"), .rejected), (.responseRejected(user: "a", reason: .wrongResponse), .rejected),
            (.selftestFailed(failed: 1, total: 2), .rejected),
            (.badChallenge("x"), .usage), (.userNotActive("a"), .usage), (.notAKeyFile, .usage),
            (.suiteInput(.sessionMissing(suite: "OCRA-1:HOTP-SHA1-6:QN08-S064", maxBytes: 64)), .usage), (.unsafeFile(UnsafeFile(path: "/v", role: "vault file", problem: .symbolicLink)), .usage),
            (.wrongPIN(attemptsLeft: 3), .wrongPIN), (.wrongRecoveryPIN(attemptsLeft: -1), .wrongPIN),
            (.vaultBlocked, .blocked), (.issuerUserBlocked(name: "a", untilUnix: 0), .blocked),
            (.vaultNotFound(path: "/v"), .notFound), (.fileNotFound(path: "/f"), .notFound),
            (.damaged(Damage(.vault, "x")), .damaged), (.unsupportedVersion(what: "v", version: 9), .damaged),
            (.userExists("a"), .conflict), (.alreadyActive("a"), .conflict), (.fileExists(path: "/f"), .conflict),
            (.io("disk full"), .internalError), (.internalError("x"), .internalError),
            (.otpAuth(.line(number: 2, .missing(parameter: "secret"))), .usage), (.image(.noQRCode), .usage),
            (.image(.corrupt(format: "PNG", detail: "x")), .usage), (.image(.fileTooLarge(size: 1)), .usage),
            (.image(.libraryMissing(library: "libzbar.so.0", package: "libzbar0")), .internalError),
            (.image(.libraryFailed("zbar could not scan the image")), .internalError),
        ]
        for (error, status) in cases { #expect(ExitStatus(error) == status, "\(error)") }
    }

    @Test("a library an image needs is missing: exit 70, and the hint says which Debian package to install")
    func libraryMissing() {
        let e = IBKeyError.image(.libraryMissing(library: "libzbar.so.0", package: "libzbar0"))
        #expect(ExitStatus(e) == .internalError)
        #expect(e.message == "cannot load libzbar.so.0 to read QR code images (install the package libzbar0)")
        #expect(e.hint == "install it: sudo apt install libzbar0")
    }

    @Test("the table fits 80 columns")
    func width() {
        for line in ExitStatus.table.split(separator: "\n") { #expect(line.count <= 80, "\(line)") }
    }
}
