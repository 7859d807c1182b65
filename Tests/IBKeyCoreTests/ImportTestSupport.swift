import Foundation
import Testing
@testable import IBKeyCore

/// Shared by the import and export tests: fixture loading, hex, and checks
/// that an `IBKeyError` is of the expected case and fits on one line.
enum ImportTestSupport {
    /// The bytes of `Fixtures/pskc/<dir>/<name>`.
    static func fixture(_ dir: String, _ name: String) throws -> [UInt8] {
        let base = (name as NSString).deletingPathExtension
        let ext = (name as NSString).pathExtension
        let url = try #require(Bundle.module.url(forResource: base, withExtension: ext, subdirectory: "Fixtures/pskc/\(dir)"),
                               "missing fixture pskc/\(dir)/\(name)")
        return [UInt8](try Data(contentsOf: url))
    }

    /// The text of a fixture (UTF-8).
    static func fixtureText(_ dir: String, _ name: String) throws -> String {
        String(decoding: try fixture(dir, name), as: UTF8.self)
    }

    /// A parsed fixture.
    static func document(_ dir: String, _ name: String) throws -> PSKCDocument {
        try PSKCDocument.parse(SecureBytes(copying: try fixture(dir, name)))
    }

    /// Parses a document given as text.
    static func document(_ text: String) throws -> PSKCDocument {
        try PSKCDocument.parse(secure(text))
    }

    static func secure(_ text: String) -> SecureBytes { SecureBytes(copying: Array(text.utf8)) }

    static func secure(hex: String) -> SecureBytes { SecureBytes(copying: Hex.decode(hex)!) }

    static func hex(_ s: SecureBytes) -> String { s.withBytes { Hex.encode($0) } }

    static func hex(_ s: SecretRef?) -> String? { s.map { hex($0.materialize()) } }
}

/// The cases of `IBKeyError` the import code throws, for checking which one came.
enum ErrorKind: Equatable, CustomStringConvertible {
    case usage, damaged, wrongPassword, badChallenge, badSuite, other

    init(_ e: IBKeyError) {
        switch e {
        case .badInput, .notAKeyFile, .suiteInput, .fileExists, .notRegularFile, .unreadableFile: self = .usage
        case .damaged, .damagedKeyFile: self = .damaged
        case .wrongPassword: self = .wrongPassword
        case .badChallenge: self = .badChallenge
        case .badSuite: self = .badSuite
        default: self = .other
        }
    }

    var description: String {
        switch self {
        case .usage: "usage"
        case .damaged: "damaged"
        case .wrongPassword: "wrongPassword"
        case .badChallenge: "badChallenge"
        case .badSuite: "badSuite"
        case .other: "other"
        }
    }
}

/// Runs `body`, which must throw an `IBKeyError` of `kind` whose message is one
/// line (no line break or other control character) and contains each of
/// `containing` (case-insensitively). Returns the error.
@discardableResult
func expectRefusal(_ kind: ErrorKind, containing: [String] = [], _ comment: Comment? = nil,
                   sourceLocation: SourceLocation = #_sourceLocation,
                   _ body: () throws -> Void) -> IBKeyError? {
    do {
        try body()
        Issue.record("expected an IBKeyError (\(kind)), nothing was thrown. \(comment.map { "\($0)" } ?? "")", sourceLocation: sourceLocation)
        return nil
    } catch let e as IBKeyError {
        #expect(ErrorKind(e) == kind, "got \(e) — \(comment.map { "\($0)" } ?? "")", sourceLocation: sourceLocation)
        #expect(!e.message.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F || $0 == "\u{2028}" || $0 == "\u{2029}" },
                "the message is not one line of printable text: \(e.message.debugDescription)", sourceLocation: sourceLocation)
        #expect(!e.message.isEmpty, sourceLocation: sourceLocation)
        for part in containing {
            #expect(e.message.lowercased().contains(part.lowercased()), "'\(e.message)' should mention '\(part)'",
                    sourceLocation: sourceLocation)
        }
        return e
    } catch {
        Issue.record("expected an IBKeyError (\(kind)), got \(error)", sourceLocation: sourceLocation)
        return nil
    }
}
