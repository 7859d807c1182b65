import Foundation
import Testing
@testable import IBKeyCore

private typealias S = ImportTestSupport

/// The PSKC reader against an attacker who can feed it files: no oracle in its
/// answers, no bypass of the MACs, bounded time and memory (Docs/IMPORT.md).
@Suite("PSKC reader hardening")
struct PSKCHardeningTests {
    static let psk = "12345678901234567890123456789012"
    static func preShared() -> PSKCDocument.DecryptionKey { .preShared(S.secure(hex: psk)) }

    /// RFC 6030 figure 6 with `old` replaced by `new`.
    static func figure6(_ old: String, _ new: String) throws -> PSKCDocument {
        let text = try S.fixtureText("rfc6030", "figure6.pskcxml")
        #expect(text.contains(old))
        return try S.document(text.replacingOccurrences(of: old, with: new))
    }

    static let macKeyCipher = "ESIzRFVmd4iZABEiM0RVZgKn6WjLaTC1sbeBMSvIhRejN9vJa2BOlSaMrR7I5wSX"

    /// The error of decrypting `doc`, or nil.
    static func failure(_ doc: PSKCDocument, _ key: PSKCDocument.DecryptionKey) -> IBKeyError? {
        do { _ = try doc.decrypted(with: key); return nil } catch let e as IBKeyError { return e } catch { return nil }
    }

    @Test("a MACKey that fails its padding, one that is too short, and a ValueMAC that fails: one message, one exit")
    func noOracle() throws {
        let figure = try S.fixtureText("rfc6030", "figure6.pskcxml")
        #expect(figure.contains(Self.macKeyCipher))
        let cipher = try #require(Base64.decode(Self.macKeyCipher))
        // The MAC key's last block alone, after a chosen IV: one block that
        // decrypts to at most 15 bytes whatever its padding.
        let oneBlock = Base64.encode(Array(repeating: 0x42, count: 16) + cipher.suffix(16))
        // The padding broken: the last byte of the IV block changed.
        var badPadding = cipher; badPadding[badPadding.count - 17] ^= 0x55
        let cases = [
            try Self.figure6(Self.macKeyCipher, oneBlock),
            try Self.figure6(Self.macKeyCipher, Base64.encode(badPadding)),
            try Self.figure6("<ValueMAC>Su+NvtQfmvfJzF6bmQiJqoLRExc=", "<ValueMAC>Tu+NvtQfmvfJzF6bmQiJqoLRExc="),
        ]
        let errors = cases.map { Self.failure($0, Self.preShared()) }
        #expect(errors.allSatisfy { $0 != nil }, "\(errors)")
        #expect(Set(errors.compactMap { $0?.message }).count == 1, "the failures can be told apart: \(errors)")
        #expect(errors.allSatisfy { if case .damagedKeyFile? = $0 { true } else { false } })
    }

    @Test("a plain secret swapped into a file that encrypts and MACs its values is refused (exit 6)")
    func plainSecretInEncryptedFile() throws {
        let text = try S.fixtureText("rfc6030", "figure6.pskcxml")
        let start = try #require(text.range(of: "<Secret>")), end = try #require(text.range(of: "</Secret>"))
        let swapped = text.replacingCharacters(in: start.upperBound..<end.lowerBound, with: "<PlainValue>QUFBQUFBQUFBQUFBQUFBQUFBQUE=</PlainValue>")
        let e = Self.failure(try S.document(swapped), Self.preShared())
        #expect({ if case .damagedKeyFile? = e { true } else { false } }(), "\(String(describing: e))")
    }

    @Test("1 MiB of secret text in small chunks parses in linear time")
    func linearSecretText() throws {
        let body = String(repeating: "\n", count: (1 << 20) - 600)
        let text = "<KeyContainer Version=\"1.0\" xmlns=\"urn:ietf:params:xml:ns:keyprov:pskc\"><KeyPackage><Key Id=\"k\" Algorithm=\"urn:ietf:params:xml:ns:keyprov:pskc:ocra\"><AlgorithmParameters><Suite>OCRA-1:HOTP-SHA1-6:QN08</Suite></AlgorithmParameters><Data><Secret><PlainValue>MTIzNDU2Nzg5MDEyMzQ1Njc4OTA=\(body)</PlainValue></Secret></Data></Key></KeyPackage></KeyContainer>"
        let start = ContinuousClock.now
        let keys = try S.document(text).decrypted(with: nil)
        #expect(ContinuousClock.now - start < .seconds(5), "quadratic growth of secret text")
        #expect(keys.count == 1 && keys[0].secret.count == 20)
    }

    @Test("more secret values than the reader holds in guarded memory: refused, not a crash")
    func manySecretValues() throws {
        let package = "<KeyPackage><Key Id=\"k\"><Data><Secret><PlainValue>QQ==</PlainValue></Secret></Data></Key></KeyPackage>"
        let text = "<KeyContainer Version=\"1.0\" xmlns=\"urn:ietf:params:xml:ns:keyprov:pskc\">" + String(repeating: package, count: 2_500) + "</KeyContainer>"
        expectRefusal(.usage, containing: ["secret values"]) { _ = try S.document(text) }
    }

    @Test("an IB Key data file of many members: refused past 1 000, and only ocra, pin and counter are kept")
    func manyJSONMembers() throws {
        let many = "{" + (0..<1_500).map { "\"a\($0)\": \"x\"" }.joined(separator: ",") + "}"
        expectRefusal(.usage, containing: ["members"]) { _ = try IBKeyDataFile.parse(S.secure(many)) }
        let members = try S.secure("{\"ocra\": \"ae7ea584ec7cfaffccca2a4238f8f1fb8e26d5da\", \"pin\": \"1234\", \"counter\": 1, \"note\": \"hi\"}")
            .withBytes { try StrictJSON.object($0, keep: ["ocra", "pin", "counter"]) }
        guard case .nested? = members["note"] else { Issue.record("\(String(describing: members["note"]))"); return }
        guard case .string? = members["ocra"] else { Issue.record("ocra not kept"); return }
    }
}
