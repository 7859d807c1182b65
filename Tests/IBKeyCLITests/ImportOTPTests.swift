import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// `ibkey import` of TOTP and HOTP accounts, from inputs written by
/// independent peers: otpauth URIs by pyotp, Google Authenticator export
/// links by Fixtures/migration_link.py (built from the published schema),
/// PSKC files by python-pskc, raw secrets as websites print them. After each
/// import, the vault file is read back by Fixtures/vault_reader.py (written
/// from Docs/VAULT.md alone): suites, issuers, counters and keys must be
/// exactly what the writer put in.
@Suite("import: TOTP and HOTP accounts")
struct ImportOTPTests {
    /// Accounts of every algorithm, digit count and kind, periods from 1 to
    /// 300 s, issuers with spaces, colons and non-ASCII letters (or none),
    /// and keys of 10, 20, 32 and 64 bytes.
    static func variety(_ g: inout SeededGenerator, prefix: String) -> [OTPSpec] {
        let issuers: [String?] = ["Example Co", "ACME: Trading", "Bänk ✓ 東京", "IBKR", nil]
        let periods = [1, 30, 60, 90, 300]
        var out: [OTPSpec] = []
        for (i, algorithm) in ["SHA1", "SHA256", "SHA512"].enumerated() {
            for (j, digits) in [6, 7, 8].enumerated() {
                for type in ["totp", "hotp"] {
                    let n = out.count
                    var a = OTPSpec(type: type, secretHex: Coding.hex(g.bytes([10, 20, 32, 64][n % 4])),
                                    name: "\(prefix)\(n) \(["alice@example.com", "bob smith", "Ünïcode", "c.d+e"][n % 4])",
                                    issuer: issuers[(i * 3 + j + (type == "hotp" ? 2 : 0)) % issuers.count], algorithm: algorithm, digits: digits)
                    if type == "totp" { a.period = periods[n % periods.count] } else { a.counter = [0, 7, 1_000_000, UInt64(Int64.max)][n % 4] }
                    out.append(a)
                }
            }
        }
        return out
    }

    /// Imports `args` and checks `--json` and the vault against `expected`.
    static func importAndCheck(_ s: Sandbox, _ args: [String], expected: [StoredUser], env: [String: String]? = nil, stdin: String? = nil,
                               fds: [Int32: String] = [:], sourceLocation: SourceLocation = #_sourceLocation) {
        let before = OTPPeers.stored(s, sourceLocation: sourceLocation)
        let r = s.run(["import", "--json"] + args, env: env ?? s.secrets, stdin: stdin, fds: fds)
        #expect(r.status == 0, "\(args): \(r.stderr)", sourceLocation: sourceLocation)
        let users = ImportTests.jsonUsers(r, secrets: expected.map(\.keyHex), sourceLocation: sourceLocation)
        #expect(users.map { $0["name"] as? String } == expected.map(\.name), sourceLocation: sourceLocation)
        #expect(users.map { $0["suite"] as? String } == expected.map(\.suite), sourceLocation: sourceLocation)
        #expect(users.map { $0["kind"] as? String } == expected.map { $0.suite.hasPrefix("TOTP") ? "totp" : "hotp" }, sourceLocation: sourceLocation)
        #expect(users.map { $0["issuer"] as? String } == expected.map(\.issuer), sourceLocation: sourceLocation)
        for (u, e) in zip(users, expected) {
            if e.suite.hasPrefix("HOTP") {
                #expect((u["counter"] as? NSNumber)?.uint64Value == e.counter, "\(u)", sourceLocation: sourceLocation)
            } else {
                #expect(u["counter"] is NSNull, "\(u)", sourceLocation: sourceLocation)
            }
        }
        #expect(OTPPeers.stored(s, sourceLocation: sourceLocation) == before + expected, sourceLocation: sourceLocation)
    }

    @Test("otpauth URIs written by pyotp: every algorithm, 6/7/8 digits, periods 1–300 s, HOTP counters, odd issuers, 10- to 64-byte keys; a file, then stdin")
    func pyotpURIs() throws {
        var g = SeededGenerator()
        let s = Sandbox()
        let first = Self.variety(&g, prefix: "f")
        var lines = OTPPeers.pyotpURIs(s, first)
        // Unknown parameters (a logo, a colour) are ignored.
        var logo = OTPSpec(secretHex: Coding.hex(g.bytes(20)), name: "logo", issuer: "Pics")
        logo.extra = ["image": "https://example.com/logo.png", "color": "ff0000"]
        lines += OTPPeers.pyotpURIs(s, [logo])
        // Blank lines and CR LF endings, as an editor or a paste leaves them.
        let file = s.file("links.txt", "\n" + lines.joined(separator: "\r\n\n") + "\n\n")
        Self.importAndCheck(s, Fixture.kdf + [file], expected: (first + [logo]).map { OTPPeers.expected($0) })
        let second = Self.variety(&g, prefix: "s")
        Self.importAndCheck(s, ["-"], expected: second.map { OTPPeers.expected($0) }, stdin: OTPPeers.pyotpURIs(s, second).joined(separator: "\n"))
        #expect(s.userNames().count == first.count + 1 + second.count, "seed \(g.seed)")
    }

    @Test("one link: --user and --issuer name it; an account with only an issuer is named after it")
    func oneLink() throws {
        var g = SeededGenerator()
        let s = Sandbox()
        let a = OTPSpec(type: "hotp", secretHex: Coding.hex(g.bytes(20)), name: "someone@example.com", issuer: "Example", counter: 41)
        let file = s.file("one.txt", OTPPeers.pyotpURIs(s, [a])[0] + "\n")
        Self.importAndCheck(s, Fixture.kdf + ["--user", "work", "--issuer", "Work Mail", file],
                            expected: [StoredUser(name: "work", suite: "HOTP-SHA1-6", issuer: "Work Mail", counter: 41, keyHex: a.secretHex)])
        let key = Coding.hex(g.bytes(10))
        let issuerOnly = s.file("issuer.txt", "otpauth://totp/GitHub:?secret=\(Coding.base32(Coding.bytes(hex: key), padded: false))&issuer=GitHub\n")
        Self.importAndCheck(s, [issuerOnly], expected: [StoredUser(name: "GitHub", suite: "TOTP-SHA1-6-30", issuer: "GitHub", counter: 0, keyHex: key)])
    }

    @Test("Google Authenticator export links from the published schema: several accounts, TOTP and HOTP; URL-safe and unpadded base64; mixed with otpauth lines")
    func migrationLinks() throws {
        var g = SeededGenerator()
        let s = Sandbox()
        var accounts: [OTPSpec] = []
        for (i, algorithm) in ["SHA1", "SHA256", "SHA512"].enumerated() {
            for digits in [6, 8] {
                var a = OTPSpec(type: i % 2 == 0 && digits == 8 ? "hotp" : "totp", secretHex: Coding.hex(g.bytes([10, 20, 32][i])),
                                name: "m\(accounts.count)@example.com", issuer: accounts.count % 3 == 0 ? nil : "Issuer \(accounts.count): ü",
                                algorithm: algorithm, digits: digits)
                if a.type == "hotp" { a.counter = UInt64(accounts.count * 1000) }
                accounts.append(a)
            }
        }
        let link = OTPPeers.migrationLink(s, accounts)
        Self.importAndCheck(s, Fixture.kdf + [s.file("export.txt", link + "\n")], expected: accounts.map { OTPPeers.expected($0) })
        // The same kind of export, URL-safe base64 without padding, after an otpauth line, from stdin.
        let more = (0..<3).map { OTPSpec(type: $0 == 1 ? "hotp" : "totp", secretHex: Coding.hex(g.bytes(20)), name: "n\($0)", issuer: "Bank", counter: 5) }
        let uri = OTPSpec(secretHex: Coding.hex(g.bytes(20)), name: "plain", issuer: nil)
        let text = OTPPeers.pyotpURIs(s, [uri])[0] + "\n" + OTPPeers.migrationLink(s, more, flags: ["--url-safe", "--no-padding", "--plain"]) + "\n"
        Self.importAndCheck(s, ["-"], expected: [OTPPeers.expected(uri)] + more.map { OTPPeers.expected($0) }, stdin: text)
    }

    @Test("PSKC HOTP and TOTP keys written by python-pskc: plain, password (PBKDF2) and pre-shared key; Suite HMAC-SHA256/512; encrypted counters and time intervals")
    func pythonPSKC() throws {
        var g = SeededGenerator()
        let s = Sandbox()
        func keys(_ tag: String) -> ([PSKCKeySpec], [StoredUser]) {
            var totp = PSKCKeySpec(id: "\(tag)-T", algorithm: "urn:ietf:params:xml:ns:keyprov:pskc:totp", secretHex: Coding.hex(g.bytes(20)), userid: "\(tag) totp")
            totp.suite = "HMAC-SHA256"; totp.responseLength = 8; totp.responseEncoding = "DECIMAL"; totp.timeInterval = 60; totp.timeOffset = 0
            totp.issuer = "Acme \(tag)"
            var hotp = PSKCKeySpec(id: "\(tag)-H", algorithm: "urn:ietf:params:xml:ns:keyprov:pskc:hotp", secretHex: Coding.hex(g.bytes(64)),
                                   counter: 1000, serial: "SN-\(tag)")
            hotp.responseLength = 7
            var plain = PSKCKeySpec(id: "\(tag)-D", algorithm: "urn:ietf:params:xml:ns:keyprov:pskc#totp", secretHex: Coding.hex(g.bytes(10)))
            plain.suite = "HMAC-SHA512"
            // Counters python-pskc would write as bytes that are all ASCII digits (1000 is 03 E8) are avoided.
            return ([totp, hotp, plain], [
                StoredUser(name: "\(tag) totp", suite: "TOTP-SHA256-8-60", issuer: "Acme \(tag)", counter: 0, keyHex: totp.secretHex),
                StoredUser(name: "SN-\(tag)", suite: "HOTP-SHA1-7", issuer: nil, counter: 1000, keyHex: hotp.secretHex),
                StoredUser(name: "\(tag)-D", suite: "TOTP-SHA512-6-30", issuer: nil, counter: 0, keyHex: plain.secretHex),
            ])
        }
        let (k1, e1) = keys("plain")
        Self.importAndCheck(s, Fixture.kdf + [Peers.writePSKC(s, "plain.pskc", PSKCSpec(keys: k1))], expected: e1)
        let (k2, e2) = keys("pw")
        let pw = Peers.writePSKC(s, "pw.pskc", PSKCSpec(protection: "pbkdf2", password: "correct horse", iterations: 500, prf: "hmac-sha256",
                                                         algorithm: "aes256-cbc", mac: "hmac-sha256",
                                                         fields: ["secret", "counter", "time_interval", "time_offset"], keys: k2))
        Self.importAndCheck(s, [pw], expected: e2, env: s.secrets.merging(["IBKEY_IMPORT_PASSWORD": "correct horse"]) { $1 })
        let (k3, e3) = keys("psk")
        let psk = Coding.hex(g.bytes(16))
        let pskPath = Peers.writePSKC(s, "psk.pskc", PSKCSpec(protection: "psk", pskHex: psk, algorithm: "aes128-cbc", fields: ["secret", "counter"], keys: k3))
        Self.importAndCheck(s, ["--psk-file", ImportTests.pskFile(s, psk), pskPath], expected: e3)
        // python-pskc reads back what it wrote, the same parameters (the peer agrees with the files).
        let peer = try ImportTests.peerKeys(s, pw, password: "correct horse")
        #expect(peer.map(\.secretHex) == k2.map(\.secretHex) && peer.map(\.counter) == [nil, 1000, nil])
    }

    @Test("--totp and --hotp: base32 as websites print it, from --secret-fd, --secret-file and IBKEY_SECRET; defaults SHA1, 6, 30, 0")
    func rawSecrets() throws {
        var g = SeededGenerator()
        let s = Sandbox()
        let k1 = g.bytes(10), k2 = g.bytes(20), k3 = g.bytes(64)
        // Lower case in groups of four, as a website shows it, without padding.
        let grouped = Coding.base32(k1, padded: false).lowercased().enumerated().map { ($0.offset > 0 && $0.offset % 4 == 0 ? " " : "") + String($0.element) }.joined()
        Self.importAndCheck(s, Fixture.kdf + ["--totp", "--user", "gh", "--issuer", "GitHub"],
                            expected: [StoredUser(name: "gh", suite: "TOTP-SHA1-6-30", issuer: "GitHub", counter: 0, keyHex: Coding.hex(k1))],
                            env: s.secrets.merging(["IBKEY_SECRET": grouped]) { $1 })
        Self.importAndCheck(s, ["--hotp", "--user", "token", "--algorithm", "sha256", "--digits", "8", "--counter", "99", "--secret-fd", "3"],
                            expected: [StoredUser(name: "token", suite: "HOTP-SHA256-8", issuer: nil, counter: 99, keyHex: Coding.hex(k2))],
                            fds: [3: Coding.base32(k2) + "\n"])
        Self.importAndCheck(s, ["--totp", "--user", "bank", "--algorithm", "SHA512", "--digits", "7", "--period", "60",
                                "--secret-file", s.file("secret", Coding.base32(k3, padded: false) + "\n")],
                            expected: [StoredUser(name: "bank", suite: "TOTP-SHA512-7-60", issuer: nil, counter: 0, keyHex: Coding.hex(k3))])
        Self.importAndCheck(s, ["--hotp", "-u", "h0"], expected: [StoredUser(name: "h0", suite: "HOTP-SHA1-6", issuer: nil, counter: 0, keyHex: Coding.hex(k2))],
                            env: s.secrets.merging(["IBKEY_SECRET": Coding.base32(k2)]) { $1 })
    }

    @Test("--totp at a terminal: the secret is asked twice with echo off; a repeat that differs, or a bad one, is asked again",
          .enabled(if: PTY.python != nil))
    func rawSecretPrompt() throws {
        var g = SeededGenerator()
        let s = Sandbox()
        let key = g.bytes(20)
        let text = Coding.base32(key, padded: false)
        let r = try PTY.session(s, args: ["import", "--totp", "--user", "typed"] + Fixture.kdf, steps: [
            ["expect", "Secret (base32): "], ["send", text + "\n"], ["expect", "Repeat secret: "], ["send", text.lowercased() + "x\n"],
            ["expect", "differ; try again"],
            ["expect", "Secret (base32): "], ["send", "JBSW1\n"], ["expect", "not base32"],
            ["expect", "Secret (base32): "], ["send", text + "\n"], ["expect", "Repeat secret: "], ["send", text + "\n"],
        ], env: s.secrets)
        #expect(r.ok && r.status == 0, "\(r.screen)")
        #expect(!r.screen.contains(text) && !r.screen.contains(text.lowercased()), "the secret was echoed: \(r.screen)")
        #expect(r.screen.contains("imported 'typed' (TOTP-SHA1-6-30)"), "\(r.screen)")
        #expect(OTPPeers.stored(s) == [StoredUser(name: "typed", suite: "TOTP-SHA1-6-30", issuer: nil, counter: 0, keyHex: Coding.hex(key))])
    }

    @Test("no FILE at a terminal: a link is pasted with echo off; one that does not read is asked again", .enabled(if: PTY.python != nil))
    func linkPrompt() throws {
        var g = SeededGenerator()
        let s = Sandbox()
        let accounts = [OTPSpec(secretHex: Coding.hex(g.bytes(20)), name: "p1", issuer: "Paste"),
                        OTPSpec(type: "hotp", secretHex: Coding.hex(g.bytes(20)), name: "p2", counter: 3)]
        let link = OTPPeers.migrationLink(s, accounts)
        let r = try PTY.session(s, args: ["import"] + Fixture.kdf, steps: [
            ["expect", "link: "], ["send", "otpauth://totp/x?digits=6\n"], ["expect", "secret is missing; try again"],
            ["expect", "link: "], ["send", link + "\n"],
        ], env: s.secrets)
        #expect(r.ok && r.status == 0, "\(r.screen)")
        #expect(!r.screen.contains(String(link.suffix(20))), "the link was echoed: \(r.screen)")
        #expect(OTPPeers.stored(s) == accounts.map { OTPPeers.expected($0) })
    }

    @Test("notes on a terminal name each account with its suite, issuer and HOTP counter; a links file others can read is warned about",
          .enabled(if: PTY.python != nil))
    func notes() throws {
        let s = Sandbox()
        let specs = [OTPSpec(secretHex: String(repeating: "ab", count: 20), name: "n1", issuer: "Acme"),
                     OTPSpec(type: "hotp", secretHex: String(repeating: "cd", count: 20), name: "n2", counter: 12)]
        let file = s.file("links.txt", OTPPeers.pyotpURIs(s, specs).joined(separator: "\n"), mode: 0o644)
        let r = try PTY.session(s, args: ["import", file] + Fixture.kdf, steps: [], env: s.secrets)
        #expect(r.ok && r.status == 0, "\(r.screen)")
        #expect(r.screen.contains("imported 'n1' (TOTP-SHA1-6-30, issuer Acme)") && r.screen.contains("imported 'n2' (HOTP-SHA1-6, next counter 12)"), "\(r.screen)")
        #expect(r.screen.contains("links.txt holds keys in the clear and other users can read it"), "\(r.screen)")
    }
}
