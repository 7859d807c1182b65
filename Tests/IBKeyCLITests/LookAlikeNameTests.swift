import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Security round 3, finding 6: no two names print alike. Besides Cc, Cf, Zl
/// and Zp, a name refuses what prints as nothing (default-ignorable code
/// points, the Hangul fillers, U+2800) and white space other than inner
/// spaces, everywhere a name enters. On ibkey 0.3 a PSKC UserId `alice&#x34f;`
/// planted a second "alice", and `remove --user alice` then removed the real one.
@Suite("Look-alike names")
struct LookAlikeNameTests {
    static let lookAlikes = ["alice\u{34F}", "alice\u{FE0F}", "alice\u{E0100}", "ali\u{17B4}ce", "alice\u{3164}", "\u{115F}alice",
                             "alice\u{1160}", "alice\u{FFA0}", "alice\u{2800}", "alice\u{A0}", "alice\u{3000}", "a\u{A0}lice"]

    @Test("enroll, import and the issuer refuse names that print like another", arguments: 0..<12)
    func refused(_ i: Int) throws {
        let name = Self.lookAlikes[i]
        let s = Sandbox()
        let r = s.run(["enroll", "--user", name, "-"] + Fixture.kdf, env: s.secrets, stdin: Reference.code() + "\n")
        #expect(r.status == 2 && r.stderr.contains("invisible characters or white space"), "\(r.status) \(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: s.vault))
        #expect(s.run(["issuer", "init"]).status == 0)
        #expect(s.run(["issuer", "add-user", name]).status == 2)
        let raw = s.run(["import", "--user", name, "--suite", "OCRA-1:HOTP-SHA1-6:QN08"] + Fixture.kdf,
                        env: s.secrets.merging(["IBKEY_SECRET": String(repeating: "ab", count: 20)]) { $1 })
        #expect(raw.status == 2, "\(raw.stderr)")
    }

    @Test("a PSKC UserId that looks like an enrolled name is refused; the real user stays")
    func plantedInPSKC() throws {
        let s = enrolledSandbox()
        let before = s.bytes(s.vault)
        let pskc = s.file("planted.pskc", """
            <?xml version="1.0" encoding="UTF-8"?>
            <KeyContainer Version="1.0" xmlns="urn:ietf:params:xml:ns:keyprov:pskc">
              <KeyPackage>
                <Key Id="k1" Algorithm="urn:ietf:params:xml:ns:keyprov:pskc#OCRA-1:HOTP-SHA1-6:QN08">
                  <Data><Secret><PlainValue>MTIzNDU2Nzg5MDEyMzQ1Njc4OTA=</PlainValue></Secret></Data>
                  <UserId>alice&#x34f;</UserId>
                </Key>
              </KeyPackage>
            </KeyContainer>
            """)
        let r = s.run(["import", pskc], env: s.secrets)
        #expect(r.status == 2 && r.stderr.contains("invisible characters"), "\(r.status) \(r.stderr)")
        #expect(s.bytes(s.vault) == before)
        let users = s.run(["users", "--json"])
        #expect((json(users.stdout) as? [[String: Any]])?.compactMap { $0["name"] as? String } == ["alice"])
    }
}
