import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Every way `import` must refuse, each leaving the vault (and its folder) as it was.
@Suite("import refusals")
struct ImportRefusalTests {
    /// A plain python-pskc file with one OCRA key (no credentials needed).
    static func plainFile(_ s: Sandbox, _ name: String = "plain.pskc", keys: [PSKCKeySpec]? = nil) -> String {
        Peers.writePSKC(s, name, PSKCSpec(keys: keys ?? [PSKCKeySpec(id: "K1", suite: "OCRA-1:HOTP-SHA1-6:QN08",
                                                                      secretHex: String(repeating: "3c", count: 20), userid: "carol")]))
    }

    static func text(_ s: Sandbox, _ path: String) -> String { String(decoding: s.bytes(path), as: UTF8.self) }

    @Test("malformed or hostile XML: truncated, wrong namespace, DOCTYPE, internal and external entities, not XML (exit 2)")
    func malformedXML() {
        let s = enrolledSandbox()
        let good = Self.text(s, Self.plainFile(s))
        let ns = "urn:ietf:params:xml:ns:keyprov:pskc"
        let body = good.replacingOccurrences(of: "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", with: "")
        let cases: [(String, String)] = [
            ("truncated", String(good.prefix(good.count / 2))),
            ("wrong namespace", good.replacingOccurrences(of: "\"\(ns)\"", with: "\"urn:example:not-pskc\"")),
            ("DOCTYPE", "<?xml version=\"1.0\"?>\n<!DOCTYPE KeyContainer>\n" + body),
            ("internal entity", "<?xml version=\"1.0\"?>\n<!DOCTYPE pskc:KeyContainer [<!ENTITY sn \"carol\">]>\n"
                + body.replacingOccurrences(of: ">carol<", with: ">&sn;<")),
            ("entity expansion", "<?xml version=\"1.0\"?>\n<!DOCTYPE x [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\"><!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">]>\n"
                + body.replacingOccurrences(of: ">carol<", with: ">&c;<")),
            ("external entity", "<?xml version=\"1.0\"?>\n<!DOCTYPE x [<!ENTITY ext SYSTEM \"file:///etc/hostname\">]>\n"
                + body.replacingOccurrences(of: ">carol<", with: ">&ext;<")),
            ("wrong root", "<?xml version=\"1.0\"?>\n<pskc:KeyPackage xmlns:pskc=\"\(ns)\"/>\n"),
            ("version 2", good.replacingOccurrences(of: "Version=\"1.0\"", with: "Version=\"2.0\"")),
            ("two roots", good + "<x/>"),
            ("empty", ""),
            ("neither XML nor JSON", "3132333435363738393031323334353637383930\n"),
        ]
        for (what, xml) in cases {
            let path = s.file("bad-\(what.replacingOccurrences(of: " ", with: "-")).pskc", xml)
            expectRefused(s, ["import", "--user", "x", path], status: 2, contains: nil)
            // Also from stdin.
            expectRefused(s, ["import", "--user", "x", "-"], stdin: xml, status: 2)
        }
        #expect(s.userNames() == ["alice"])
    }

    @Test("MACs and credentials: missing or altered ValueMAC, wrong password (3), wrong pre-shared key (6)")
    func macsAndCredentials() throws {
        let s = enrolledSandbox()
        let secret = String(repeating: "5e", count: 20)
        let key = PSKCKeySpec(id: "M1", suite: "OCRA-1:HOTP-SHA1-6:QN08", secretHex: secret, userid: "mac")
        let psk = String(repeating: "0f", count: 16)
        let pskFile = ImportTests.pskFile(s, psk)
        let viaPSK = Self.text(s, Peers.writePSKC(s, "psk.pskc", PSKCSpec(protection: "psk", pskHex: psk, keys: [key])))
        let viaPassword = Self.text(s, Peers.writePSKC(s, "pw.pskc", PSKCSpec(protection: "pbkdf2", password: "correct horse", iterations: 100, keys: [key])))
        let pw = ["IBKEY_IMPORT_PASSWORD": "correct horse"].merging(s.secrets) { $1 }

        func noValueMAC(_ xml: String) -> String {
            xml.replacingOccurrences(of: #"<pskc:ValueMAC>[^<]*</pskc:ValueMAC>"#, with: "", options: .regularExpression)
        }
        func alteredValueMAC(_ xml: String) -> String {
            // Flip one base64 character of the secret's ValueMAC.
            let r = xml.range(of: "<pskc:ValueMAC>")!
            var chars = Array(xml)
            let i = xml.distance(from: xml.startIndex, to: r.upperBound) + 3
            chars[i] = chars[i] == "A" ? "B" : "A"
            return String(chars)
        }
        func alteredCipher(_ xml: String) -> String {
            let r = xml.range(of: "<xenc:CipherValue>", range: xml.range(of: "<pskc:Secret>")!.upperBound..<xml.endIndex)!
            var chars = Array(xml)
            let i = xml.distance(from: xml.startIndex, to: r.upperBound) + 20
            chars[i] = chars[i] == "A" ? "B" : "A"
            return String(chars)
        }
        #expect(noValueMAC(viaPSK) != viaPSK && alteredValueMAC(viaPSK) != viaPSK)
        // Pre-shared key: every MAC failure and a wrong key are damage (6).
        expectRefused(s, ["import", "--psk-file", pskFile, s.file("a.pskc", noValueMAC(viaPSK))], status: 6, contains: "ValueMAC")
        expectRefused(s, ["import", "--psk-file", pskFile, s.file("b.pskc", alteredValueMAC(viaPSK))], status: 6)
        expectRefused(s, ["import", "--psk-file", pskFile, s.file("c.pskc", alteredCipher(viaPSK))], status: 6)
        expectRefused(s, ["import", "--psk-file", ImportTests.pskFile(s, String(repeating: "f0", count: 16), name: "wrong.hex"), s.file("d.pskc", viaPSK)], status: 6)
        expectRefused(s, ["import", "--psk-file", ImportTests.pskFile(s, String(repeating: "f0", count: 32), name: "wrong32.hex"), s.file("d2.pskc", viaPSK)], status: 2)
        expectRefused(s, ["import", s.file("e.pskc", viaPSK)], status: 2, contains: "--psk-file")
        // Password: a wrong password and an altered ValueMAC are a wrong password (3); a missing one is damage (6).
        expectRefused(s, ["import", s.file("f.pskc", viaPassword)], env: ["IBKEY_IMPORT_PASSWORD": "wrong horse"].merging(s.secrets) { $1 }, status: 3,
                      secrets: ["wrong horse"])
        expectRefused(s, ["import", s.file("g.pskc", alteredValueMAC(viaPassword))], env: pw, status: 3)
        expectRefused(s, ["import", s.file("h.pskc", noValueMAC(viaPassword))], env: pw, status: 6, contains: "ValueMAC")
        expectRefused(s, ["import", "--psk-file", pskFile, s.file("i.pskc", viaPassword)], env: pw, status: 2)
        // No password source and no terminal.
        expectRefused(s, ["import", s.file("j.pskc", viaPassword)], status: 2, contains: "IBKEY_IMPORT_PASSWORD")
        // The wrong-password attempts are not PIN failures.
        let st = json(s.run(["status", "--json"]).stdout) as? [String: Any]
        #expect(st?["failed_pin_attempts"] as? Int == 0)
        // The right credentials still work.
        #expect(s.run(["import", "--psk-file", pskFile, s.file("k.pskc", viaPSK)], env: s.secrets).status == 0)
        #expect(s.userNames() == ["alice", "mac"])
    }

    @Test("a file stripped of its MACMethod is not a file without MACs: refused (6, or 2 as unsupported), even when the ValueMACs are gone too and the IV was flipped")
    func strippedMACMethod() {
        let s = enrolledSandbox()
        let psk = String(repeating: "0f", count: 16)
        let pskFile = ImportTests.pskFile(s, psk)
        let secret = String(repeating: "31", count: 20)
        let xml = Self.text(s, Peers.writePSKC(s, "psk.pskc", PSKCSpec(protection: "psk", pskHex: psk, keys: [
            PSKCKeySpec(id: "M1", suite: "OCRA-1:HOTP-SHA1-6:QN08", secretHex: secret, userid: "mallory")])))
        let noMethod = xml.replacingOccurrences(of: #"<pskc:MACMethod[\s\S]*</pskc:MACMethod>"#, with: "", options: .regularExpression)
        let noMACs = noMethod.replacingOccurrences(of: #"<pskc:ValueMAC>[^<]*</pskc:ValueMAC>"#, with: "", options: .regularExpression)
        #expect(noMethod != xml && noMACs != noMethod)
        // Flip the first IV bit of the secret: with no MAC, CBC turns it into a flipped first byte of the key.
        let start = noMACs.range(of: "<xenc:CipherValue>", range: noMACs.range(of: "<pskc:Secret>")!.upperBound..<noMACs.endIndex)!
        let end = noMACs.range(of: "</xenc:CipherValue>", range: start.upperBound..<noMACs.endIndex)!
        var cv = Array(Data(base64Encoded: String(noMACs[start.upperBound..<end.lowerBound]).filter { !$0.isWhitespace })!)
        cv[0] ^= 1
        let flipped = noMACs.replacingCharacters(in: start.upperBound..<end.lowerBound, with: Data(cv).base64EncodedString())
        // (Each under its own name, so that one wrongly imported does not hide the next.)
        expectRefused(s, ["import", "--user", "m1", "--psk-file", pskFile, s.file("nomethod.pskc", noMethod)], status: 6, or: 2)
        expectRefused(s, ["import", "--user", "m2", "--psk-file", pskFile, s.file("nomacs.pskc", noMACs)], status: 6, or: 2)
        expectRefused(s, ["import", "--user", "m3", "--psk-file", pskFile, s.file("flipped.pskc", flipped)], status: 6, or: 2)
        #expect(s.userNames() == ["alice"])
    }

    @Test("hostile PBKDF2 parameters and XML structure are refused before any work (exit 2)")
    func hostileParameters() {
        let s = enrolledSandbox()
        let key = PSKCKeySpec(id: "P1", suite: "OCRA-1:HOTP-SHA1-6:QN08", secretHex: String(repeating: "3a", count: 20), userid: "pat")
        let xml = Self.text(s, Peers.writePSKC(s, "pw.pskc", PSKCSpec(protection: "pbkdf2", password: "long enough", iterations: 10, keys: [key])))
        let env = s.secrets.merging(["IBKEY_IMPORT_PASSWORD": "long enough"]) { $1 }
        for (i, bad) in ["<IterationCount>0</IterationCount>", "<IterationCount>10000001</IterationCount>", "<IterationCount>4294967306</IterationCount>",
                         "<IterationCount>-10</IterationCount>", "<IterationCount></IterationCount>"].enumerated() {
            let f = s.file("iter\(i).pskc", xml.replacingOccurrences(of: "<IterationCount>10</IterationCount>", with: bad))
            let started = Date()
            expectRefused(s, ["import", f], env: env, status: 2, contains: "PBKDF2")
            #expect(Date().timeIntervalSince(started) < 5)
        }
        expectRefused(s, ["import", s.file("keylen.pskc", xml.replacingOccurrences(of: "<KeyLength>16</KeyLength>", with: "<KeyLength>20</KeyLength>"))],
                      env: env, status: 2, contains: "PBKDF2")
        expectRefused(s, ["import", s.file("prf.pskc", xml.replacingOccurrences(of: "<KeyLength>16</KeyLength>",
                                                                               with: "<KeyLength>16</KeyLength><PRF Algorithm=\"urn:x#hmac-md4\"/>"))],
                      env: env, status: 2)
        // Deep nesting and very many elements (each file under 1 MiB).
        let open = "<KeyContainer xmlns=\"urn:ietf:params:xml:ns:keyprov:pskc\" Version=\"1.0\">"
        let deep = open + String(repeating: "<a>", count: 100_000) + String(repeating: "</a>", count: 100_000) + "</KeyContainer>"
        let wide = open + String(repeating: "<a/>", count: 200_000) + "</KeyContainer>"
        expectRefused(s, ["import", s.file("deep.pskc", deep)], status: 2)
        expectRefused(s, ["import", s.file("wide.pskc", wide)], status: 2)
        #expect(s.userNames() == ["alice"])
    }

    @Test("keys ibkey does not take: a PIN key, another algorithm, HOTP with a 4-byte key, TOTP of 301 s, 10-byte OCRA key, bad suite, no suite (exit 2)")
    func unsupportedKeys() {
        let s = enrolledSandbox()
        expectRefused(s, ["import", s.file("fig2.pskc", Self.text(s, Peers.fixture("rfc6030/figure2.pskcxml")))], status: 2, contains: "4 bytes")
        let pin = Self.plainFile(s, "pin.pskc", keys: [PSKCKeySpec(id: "P1", algorithm: "urn:ietf:params:xml:ns:keyprov:pskc:pin", secretHex: "31323334")])
        expectRefused(s, ["import", pin], status: 2, contains: "PIN key")
        let other = Self.plainFile(s, "other.pskc", keys: [PSKCKeySpec(id: "S1", algorithm: "urn:example:securid", secretHex: String(repeating: "11", count: 16))])
        expectRefused(s, ["import", other], status: 2, contains: "SECURID")
        var slow = PSKCKeySpec(id: "T1", algorithm: "urn:ietf:params:xml:ns:keyprov:pskc:totp", secretHex: String(repeating: "11", count: 20))
        slow.timeInterval = 301
        expectRefused(s, ["import", Self.plainFile(s, "totp.pskc", keys: [slow])], status: 2, contains: "TOTP")
        let short = Self.plainFile(s, "short.pskc", keys: [PSKCKeySpec(id: "S1", suite: "OCRA-1:HOTP-SHA1-6:QN08", secretHex: String(repeating: "22", count: 10))])
        expectRefused(s, ["import", short], status: 2, contains: "10 bytes")
        for (i, suite) in ["OCRA-1:HOTP-SHA1-6:QX08", "OCRA-1:HOTP-MD5-6:QN08", "OCRA-1:HOTP-SHA1-3:QN08", "OCRA-1:HOTP-SHA1-6:QN65",
                           "OCRA-1:HOTP-SHA1-6:QN08-T0S", "OCRA-1:HOTP-SHA1-6:QN08-S999"].enumerated() {
            let f = Self.plainFile(s, "suite\(i).pskc", keys: [PSKCKeySpec(id: "B\(i)", suite: suite, secretHex: String(repeating: "33", count: 20))])
            expectRefused(s, ["import", f], status: 2, contains: "B\(i)")
        }
        let none = Self.plainFile(s, "nosuite.pskc", keys: [PSKCKeySpec(id: "N1", secretHex: String(repeating: "44", count: 20))])
        expectRefused(s, ["import", none], status: 2, contains: "suite")
        // An OCRA key next to an HOTP key ibkey cannot hold: none goes in.
        var hotp = PSKCKeySpec(id: "h", algorithm: "urn:ietf:params:xml:ns:keyprov:pskc:hotp", secretHex: String(repeating: "66", count: 20))
        hotp.responseLength = 5
        let mixed = Self.plainFile(s, "mixed.pskc", keys: [
            PSKCKeySpec(id: "ok", suite: "OCRA-1:HOTP-SHA1-6:QN08", secretHex: String(repeating: "55", count: 20), userid: "fine"), hotp,
        ])
        expectRefused(s, ["import", mixed], status: 2, contains: "HOTP")
        #expect(s.userNames() == ["alice"])
    }

    @Test("names: duplicate within a file (2), already in the vault (7), all or none, --user with several keys (2), unknown --key-id (2)")
    func names() {
        let s = enrolledSandbox()
        let k = { (id: String, user: String?) in PSKCKeySpec(id: id, suite: "OCRA-1:HOTP-SHA1-6:QN08", secretHex: String(repeating: "7a", count: 20), userid: user) }
        let dup = Self.plainFile(s, "dup.pskc", keys: [k("D1", "dana"), k("D2", "dana")])
        expectRefused(s, ["import", dup], status: 2, contains: "dana")
        let exists = Self.plainFile(s, "exists.pskc", keys: [k("E1", "alice")])
        expectRefused(s, ["import", exists], status: 7, contains: "alice")
        // The first key is new, the second's name is taken: nothing is added.
        let second = Self.plainFile(s, "second.pskc", keys: [k("F1", "frank"), k("F2", "alice"), k("F3", "gina")])
        expectRefused(s, ["import", second], status: 7, contains: "alice")
        #expect(s.userNames() == ["alice"])
        expectRefused(s, ["import", "--user", "solo", second], status: 2, contains: "--key-id")
        expectRefused(s, ["import", "--key-id", "nope", second], status: 2, contains: "nope")
        expectRefused(s, ["import", "--key-id", "F2", second], status: 7)
        // A raw secret or a data file under a taken name: 7 too.
        expectRefused(s, ["import", "--user", "alice", "--suite", "OCRA-1:HOTP-SHA1-6:QN08"],
                      env: ["IBKEY_SECRET": String(repeating: "7a", count: 20)].merging(s.secrets) { $1 }, status: 7)
        let data = s.file("d.json", "{\"ocra\":\"\(ImportTests.ibKeyVectors[1].key)\",\"pin\":\"1234\",\"counter\":1}")
        expectRefused(s, ["import", "--user", "alice", data], status: 7)
        // Names a vault cannot hold.
        expectRefused(s, ["import", "--user", " lead", data], status: 2)
        let bell = Self.plainFile(s, "bell.pskc", keys: [k("G1", "a\u{2028}b")])
        expectRefused(s, ["import", bell], status: 2, contains: "G1")
        // With the names free, the same file goes in whole.
        #expect(s.run(["import", "--key-id", "F1", second], env: s.secrets).status == 0)
        #expect(s.userNames() == ["alice", "frank"])
    }

    @Test("files: missing (5), over 1 MiB (2), IB Key data file with a 39-character key or no --user (2), PSK file others can read (2)")
    func files() {
        let s = enrolledSandbox()
        expectRefused(s, ["import", s.path("missing.pskc")], status: 5, contains: "missing.pskc")
        let big = Self.text(s, Self.plainFile(s)).replacingOccurrences(of: "?>", with: "?>\n<!--" + String(repeating: "x", count: 1 << 20) + "-->")
        expectRefused(s, ["import", s.file("big.pskc", big)], status: 2, contains: "1 MiB")
        expectRefused(s, ["import", "-"], stdin: big, status: 2, contains: "1 MiB")
        let key39 = String(ImportTests.ibKeyVectors[0].key.dropLast())
        expectRefused(s, ["import", "--user", "ib", s.file("k39.json", "{\"ocra\":\"\(key39)\",\"pin\":\"1234\",\"counter\":1}")], status: 2, contains: "39")
        let data = s.file("ok.json", "{\"ocra\":\"\(ImportTests.ibKeyVectors[0].key)\",\"pin\":\"1234\",\"counter\":1}")
        expectRefused(s, ["import", data], status: 2, contains: "--user")
        for (i, bad) in ["{\"ocra\":null,\"pin\":\"1234\",\"counter\":2}", "{\"ocra\":\"\(ImportTests.ibKeyVectors[0].key)\",\"counter\":2}",
                         "{\"ocra\":\"\(ImportTests.ibKeyVectors[0].key)\",\"pin\":\"1234\",\"counter\":-1}",
                         "{\"ocra\":\"\(ImportTests.ibKeyVectors[0].key)\",\"pin\":\"1234\",\"counter\":2,\"ocra\":\"x\"}",
                         "{\"ocra\":\"\(ImportTests.ibKeyVectors[0].key)\",\"pin\":\"1234\",\"counter\":2} trailing",
                         "{\"ocra\":\"\(String(repeating: "zz", count: 20))\",\"pin\":\"1234\",\"counter\":2}"].enumerated() {
            expectRefused(s, ["import", "--user", "ib", s.file("bad\(i).json", bad)], status: 2, secrets: [ImportTests.ibKeyVectors[0].key])
        }
        let psk = ImportTests.psk
        let open = ImportTests.pskFile(s, psk, name: "open.hex", mode: 0o644)
        expectRefused(s, ["import", "--psk-file", open, Peers.fixture("peers/ocra-psk.pskcxml")],
                      env: ["IBKEY_TOKEN_PIN": "4711"].merging(s.secrets) { $1 }, status: 2, contains: "other users")
        let group = ImportTests.pskFile(s, psk, name: "group.hex", mode: 0o640)
        expectRefused(s, ["import", "--psk-file", group, Peers.fixture("peers/ocra-psk.pskcxml")],
                      env: ["IBKEY_TOKEN_PIN": "4711"].merging(s.secrets) { $1 }, status: 2, contains: "other users")
        let openPIN = s.file("tokenpin", "4711\n", mode: 0o644)
        expectRefused(s, ["import", "--psk-file", ImportTests.pskFile(s, psk, name: "ok.hex"), "--token-pin-file", openPIN, Peers.fixture("peers/ocra-psk.pskcxml")],
                      status: 2, contains: "other users")
        expectRefused(s, ["import", "--psk-file", ImportTests.pskFile(s, "nothex", name: "nothex.hex"), Peers.fixture("peers/ocra-psk.pskcxml")],
                      env: ["IBKEY_TOKEN_PIN": "4711"].merging(s.secrets) { $1 }, status: 2)
        // A refused file that others can read gets its one error line, not the
        // "delete it once imported" warning as well; an accepted one gets the warning.
        let readableHOTP = s.file("fig2.pskc", Self.text(s, Peers.fixture("rfc6030/figure2.pskcxml")), mode: 0o644)
        expectRefused(s, ["import", readableHOTP], status: 2, contains: "HOTP")
        expectRefused(s, ["import", "--user", "ib", s.file("k39-open.json", "{\"ocra\":\"\(key39)\",\"pin\":\"1234\",\"counter\":1}", mode: 0o644)], status: 2)
        let readable = s.file("open.pskc", Self.text(s, Self.plainFile(s, "open-src.pskc")), mode: 0o644)
        let accepted = s.run(["import", "--user", "opened", readable], env: s.secrets)
        #expect(accepted.status == 0, "\(accepted.stderr)")
        #expect(accepted.stderr.contains("other users can read it; now that they are imported, delete it"), "\(accepted.stderr)")
        #expect(s.run(["remove", "--user", "opened"], env: s.secrets).status == 0)
        // --counter is for raw secrets and data files; --suite and --secret-* for raw secrets.
        expectRefused(s, ["import", "--counter", "5", Self.plainFile(s, "c.pskc")], status: 2, contains: "--counter")
        expectRefused(s, ["import", "--suite", "OCRA-1:HOTP-SHA1-6:QN08", data], status: 2, contains: "--suite")
        #expect(s.userNames() == ["alice"])
        // Nothing is created when the first import fails.
        let empty = Sandbox()
        expectRefused(empty, ["import", "--user", "x"] + Fixture.kdf + [empty.file("k39.json", "{\"ocra\":\"\(key39)\",\"pin\":\"1234\",\"counter\":1}")], status: 2)
        expectRefused(empty, ["import"] + Fixture.kdf + [empty.path("missing")], status: 5)
        #expect(!FileManager.default.fileExists(atPath: empty.vault))
    }

    @Test("a vault holds users of at most 255 distinct suites: 255 go in, a 256th is refused (2), all or none")
    func suiteLimit() {
        let suites = ["SHA1", "SHA256", "SHA512"].flatMap { h in [0, 4, 5, 6, 7, 8, 9, 10].flatMap { d in
            (4...14).map { q in "OCRA-1:HOTP-\(h)-\(d):QN\(String(format: "%02d", q))" } } }
        let keys = suites.prefix(256).enumerated().map { i, suite in
            PSKCKeySpec(id: "k\(i)", suite: suite, secretHex: String(repeating: "5a", count: 32), userid: "u\(i)")
        }
        let s = Sandbox()
        expectRefused(s, ["import", Self.plainFile(s, "256.pskc", keys: Array(keys))] + Fixture.kdf, status: 2, contains: "at most 255 different suites")
        let t = Sandbox()
        let r = t.run(["import", Self.plainFile(t, "255.pskc", keys: Array(keys.prefix(255)))] + Fixture.kdf, env: t.secrets)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(t.userNames().count == 255)
        #expect(t.run(["respond", "--user", "u0", "1234"], env: t.secrets).status == 0) // OCRA-1:HOTP-SHA1-0:QN04
        #expect(t.run(["respond", "--user", "u254", "12345"], env: t.secrets).status == 0) // OCRA-1:HOTP-SHA512-10:QN05
    }

    @Test("raw secrets: 15 and 129 bytes, not hex or base32 (never echoed), odd hex, no source and no terminal, bad suite (exit 2)")
    func rawSecrets() {
        let s = enrolledSandbox()
        let suite = "OCRA-1:HOTP-SHA1-6:QN08"
        func env(_ secret: String) -> [String: String] { ["IBKEY_SECRET": secret].merging(s.secrets) { $1 } }
        expectRefused(s, ["import", "--user", "r", "--suite", suite], env: env(String(repeating: "ab", count: 15)), status: 2, contains: "15 bytes")
        // A counter for a suite without C would be silently dropped: refused.
        expectRefused(s, ["import", "--user", "r", "--suite", suite, "--counter", "5"], env: env(String(repeating: "ab", count: 20)),
                      status: 2, contains: "has no counter (C)")
        expectRefused(s, ["import", "--user", "r", "--suite", suite], env: env(String(repeating: "ab", count: 129)), status: 2, contains: "129 bytes")
        expectRefused(s, ["import", "--user", "r", "--suite", suite], env: env(Coding.base32(Array(repeating: 9, count: 15))), status: 2, contains: "15 bytes")
        for secret in ["s3cr3t-p@ssw0rd-not-a-key!!", "JBSWY3DPEHPK3PXP1!", "JBSW=Y3DPEHPK3PXP", "abc"] {
            expectRefused(s, ["import", "--user", "r", "--suite", suite], env: env(secret), status: 2, secrets: [secret])
        }
        let hidden = "0123456789abcdef0123456789abcdef0123456789abcdeX"
        let r = expectRefused(s, ["import", "--user", "r", "--suite", suite, "--secret-file", s.file("sec", hidden + "\n")], env: s.secrets, status: 2,
                              secrets: [hidden, "0123456789abcdef"])
        #expect(!r.stderr.contains("abcdeX"))
        expectRefused(s, ["import", "--user", "r", "--suite", suite], status: 2, contains: "IBKEY_SECRET")
        expectRefused(s, ["import", "--user", "r", "--suite", suite], env: env(""), status: 2)
        let open = s.file("open-secret", String(repeating: "ab", count: 20), mode: 0o644)
        expectRefused(s, ["import", "--user", "r", "--suite", suite, "--secret-file", open], status: 2, contains: "other users")
        for bad in ["OCRA-1:HOTP-SHA1-6", "OCRA-2:HOTP-SHA1-6:QN08", "OCRA-1:HOTP-SHA1-6:QN08-PSHA3", ""] {
            expectRefused(s, ["import", "--user", "r", "--suite", bad], env: env(String(repeating: "ab", count: 20)), status: 2)
        }
        // Counters: the last value can never be used; not a number.
        for counter in ["18446744073709551615", "18446744073709551616", "-1", "1e3"] {
            expectRefused(s, ["import", "--user", "r", "--suite", "OCRA-1:HOTP-SHA1-6:C-QN08", "--counter", counter],
                          env: env(String(repeating: "ab", count: 20)), status: 2)
        }
        // A P suite with no token PIN.
        expectRefused(s, ["import", "--user", "r", "--suite", "OCRA-1:HOTP-SHA1-6:QN08-PSHA1"], env: env(String(repeating: "ab", count: 20)),
                      status: 2, contains: "--token-pin")
        // Neither a file nor --suite.
        expectRefused(s, ["import", "--user", "r"], env: env(String(repeating: "ab", count: 20)), status: 2)
        #expect(s.userNames() == ["alice"])
    }

    @Test("no option takes a secret on the command line: --secret, --password, --psk, --pin, --token-pin are unknown (exit 2)")
    func noSecretsInArgv() {
        let s = enrolledSandbox()
        let secret = "c0ffee" + String(repeating: "ab", count: 17)
        let data = s.file("d.json", "{\"ocra\":\"\(ImportTests.ibKeyVectors[0].key)\",\"pin\":\"1234\",\"counter\":1}")
        for args in [["import", "--user", "r", "--suite", "OCRA-1:HOTP-SHA1-6:QN08", "--secret", secret],
                     ["import", "--password", secret, data], ["import", "--psk", secret, data], ["import", "--pin", secret, "--user", "z", data],
                     ["import", "--token-pin", secret, "--user", "z", data], ["import", "--recovery-pin", secret, "--user", "z", data],
                     ["export", "--user", "alice", "--password", secret]] {
            let r = expectRefused(s, args, status: 2)
            #expect(!r.stderr.contains(secret), "\(args): \(r.stderr)")
        }
        #expect(s.userNames() == ["alice"])
    }
}
