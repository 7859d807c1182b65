import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// `ibkey import`: PSKC files of other tools and of python-pskc, IB Key data
/// files and raw secrets, each then answered by `respond` and compared with
/// PyPI oath; every bad input refused with its exit code and nothing written.
@Suite("import")
struct ImportTests {
    static let psk = "12345678901234567890123456789012"
    static let nagraPSK = "4A057F6AB6FCB57AB5408E46A9835E68"

    /// A pre-shared key file as a user keeps it: hex, 0600.
    static func pskFile(_ s: Sandbox, _ hex: String, name: String = "psk.hex", mode: mode_t = 0o600) -> String {
        s.file(name, hex + "\n", mode: mode)
    }

    /// The keys python-pskc reads from `path`, required to succeed.
    static func peerKeys(_ s: Sandbox, _ path: String, password: String? = nil, psk: String? = nil,
                         sourceLocation: SourceLocation = #_sourceLocation) throws -> [PSKCReadKey] {
        switch Peers.readPSKC(s, path, password: password, psk: psk) {
        case .success(let keys): return keys
        case .failure(let e):
            Issue.record("python-pskc cannot read \(path): \(e)", sourceLocation: sourceLocation)
            throw e
        }
    }

    /// `import --json`'s users: exactly name, suite, counter each, and no key material.
    static func jsonUsers(_ r: Run, secrets: [String], sourceLocation: SourceLocation = #_sourceLocation) -> [[String: Any]] {
        let obj = json(r.stdout) as? [String: Any]
        #expect(obj.map { Set($0.keys) } == ["users"], "\(r.stdout)", sourceLocation: sourceLocation)
        let users = obj?["users"] as? [[String: Any]] ?? []
        for u in users {
            #expect(Set(u.keys) == ["name", "suite", "counter", "kind", "issuer"], "\(u)", sourceLocation: sourceLocation)
        }
        for secret in secrets {
            let b = Coding.bytes(hex: secret)
            for shown in [secret.lowercased(), secret.uppercased(), Data(b).base64EncodedString(), Coding.base32(b, padded: false)] {
                #expect(!r.stdout.contains(shown) && !r.stderr.contains(shown), "a key is shown: \(r.stdout) \(r.stderr)", sourceLocation: sourceLocation)
            }
        }
        return users
    }

    // MARK: files of other tools

    @Test("RFC 6030 figure 6/7-style OCRA files (python-pskc, PBKDF2 'qwerty' and a pre-shared key): counter carried over, answers agree with oath")
    func figureStyleFiles() throws {
        var g = SeededGenerator()
        for (file, password, psk) in [("peers/ocra-pbkdf2.pskcxml", "qwerty", nil), ("peers/ocra-psk.pskcxml", nil, Self.psk)] as [(String, String?, String?)] {
            let s = Sandbox()
            let path = Peers.fixture(file)
            let peer = try #require(try Self.peerKeys(s, path, password: password, psk: psk).first)
            var args = ["import", "--json"] + Fixture.kdf
            var env = s.secrets
            env["IBKEY_TOKEN_PIN"] = "4711"
            if let password { env["IBKEY_IMPORT_PASSWORD"] = password }
            if let psk { args += ["--psk-file", Self.pskFile(s, psk)] }
            let r = s.run(args + [path], env: env)
            #expect(r.status == 0, "\(file): \(r.stderr)")
            let users = Self.jsonUsers(r, secrets: [peer.secretHex ?? ""])
            #expect(users.first?["name"] as? String == "UID=jsmith")
            #expect(users.first?["suite"] as? String == "OCRA-1:HOTP-SHA1-8:C-QN08-PSHA1")
            #expect(users.first?["counter"] as? Int == 42)
            #expect(users.count == 1)
            let user = KnownUser(name: "UID=jsmith", suite: peer.suite ?? "", keyHex: peer.secretHex ?? "", counter: peer.counter, pin: "4711")
            var next = user
            next.counter = 43 // the second answer uses the next counter
            let probes = Probes.make([user, next], using: &g)
            #expect(Probes.answers(s, probes) == Probes.oath(s, probes), "seed \(g.seed) \(file)")
        }
    }

    @Test("NagraID file (pre-shared key, token PIN from the environment, file, descriptor): three users named by serial")
    func nagraID() throws {
        var g = SeededGenerator()
        let path = Peers.fixture("peers/nagraid-ocra.pskcxml")
        for source in 0..<3 {
            let s = Sandbox()
            let peers = try Self.peerKeys(s, path, psk: Self.nagraPSK)
            var args = ["import", "--json", "--psk-file", Self.pskFile(s, Self.nagraPSK.lowercased())] + Fixture.kdf
            var env = s.secrets
            var fds: [Int32: String] = [:]
            switch source {
            case 0: env["IBKEY_TOKEN_PIN"] = "90210"
            case 1: args += ["--token-pin-file", s.file("tp", "90210\n")]
            default: args += ["--token-pin-fd", "5"]; fds[5] = "90210"
            }
            let r = s.run(args + [path], env: env, fds: fds)
            #expect(r.status == 0, "\(r.stderr)")
            let users = Self.jsonUsers(r, secrets: peers.compactMap(\.secretHex))
            #expect(users.map { $0["name"] as? String } == ["306EUO4-00960", "306EUO4-00954", "306EUO4-00958"])
            #expect(users.allSatisfy { $0["counter"] as? Int == 0 && $0["suite"] as? String == "OCRA-1:HOTP-SHA1-6:C-QN08-PSHA1" })
            let known = peers.map { KnownUser(name: $0.serial ?? "", suite: $0.suite ?? "", keyHex: $0.secretHex ?? "", counter: $0.counter, pin: "90210") }
            let probes = Probes.make(known, using: &g)
            #expect(Probes.answers(s, probes) == Probes.oath(s, probes), "seed \(g.seed)")
        }
        // Without a token PIN the P suites cannot be answered: refused, nothing written.
        let s = Sandbox()
        expectRefused(s, ["import", "--psk-file", Self.pskFile(s, Self.nagraPSK)] + Fixture.kdf + [path], status: 2, contains: "--token-pin")
    }

    @Test("multiOTP file: 32 OCRA keys (QN/QA/QH, C, T30S, P from BINARY PIN keys), encrypted counters; every answer agrees with oath")
    func multiOTP() throws {
        var g = SeededGenerator()
        let s = Sandbox()
        let path = Peers.fixture("peers/multiotp-ocra-aes.pskcxml")
        let peers = try Self.peerKeys(s, path, psk: Self.psk)
        let ocra = peers.filter { $0.suite != nil }
        #expect(ocra.count == 32)
        let r = s.run(["import", "--json", "--psk-file", Self.pskFile(s, Self.psk)] + Fixture.kdf + [path], env: s.secrets)
        #expect(r.status == 0, "\(r.stderr)")
        let users = Self.jsonUsers(r, secrets: peers.compactMap(\.secretHex))
        #expect(users.map { $0["name"] as? String ?? "" } == ocra.map { $0.serial ?? "" })
        for (u, p) in zip(users, ocra) {
            #expect(u["suite"] as? String == p.suite)
            if SuiteShape(p.suite ?? "").counter {
                #expect((u["counter"] as? NSNumber)?.uint64Value == p.counter, "\(u)")
            } else {
                #expect(u["counter"] is NSNull, "\(u)")
            }
        }
        let known = ocra.map { KnownUser(name: $0.serial ?? "", suite: $0.suite ?? "", keyHex: $0.secretHex ?? "", counter: $0.counter,
                                         pinHashHex: $0.pinEncoding == "BINARY" ? $0.pinKeySecretHex : nil) }
        #expect(known.filter { $0.pinHashHex != nil }.count == 4)
        let probes = Probes.make(known, using: &g)
        #expect(Probes.answers(s, probes) == Probes.oath(s, probes), "seed \(g.seed)")
    }

    @Test("oath-toolkit file: plain, suite in the Algorithm URI; a file others can read is warned about")
    func oathToolkit() throws {
        var g = SeededGenerator()
        let s = Sandbox()
        let original = Peers.fixture("peers/oath-toolkit-ocra.pskcxml")
        let peer = try #require(try Self.peerKeys(s, original).first)
        #expect(peer.secretHex == Coding.hex(Array("12345678901234567890".utf8)))
        let open = s.file("open.pskc", String(decoding: s.bytes(original), as: UTF8.self), mode: 0o644)
        let r = s.run(["import", "--json"] + Fixture.kdf + [open], env: s.secrets)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.contains("ibkey: warning:") && r.stderr.contains("other users can read"), "\(r.stderr)")
        let users = Self.jsonUsers(r, secrets: [peer.secretHex ?? ""])
        #expect(users.first?["name"] as? String == "987654322")
        #expect(users.first?["suite"] as? String == "OCRA-1:HOTP-SHA512-8:C-QN08")
        let user = KnownUser(name: "987654322", suite: "OCRA-1:HOTP-SHA512-8:C-QN08", keyHex: peer.secretHex ?? "", counter: 0)
        let probes = Probes.make([user], using: &g)
        #expect(Probes.answers(s, probes) == Probes.oath(s, probes))
        // A file only its owner reads: no warning.
        let closed = s.file("closed.pskc", String(decoding: s.bytes(original), as: UTF8.self))
        let again = s.run(["import", "--user", "second", closed], env: s.secrets)
        #expect(again.status == 0 && !again.stderr.contains("other users can read"), "\(again.stderr)")
    }

    @Test("a plain Counter is an xs:long: white space around it and a '+' sign are allowed (42, as python-pskc reads it); other text is refused, never read as bytes")
    func plainCounterText() {
        let s = Sandbox()
        let original = ImportRefusalTests.text(s, Peers.fixture("peers/oath-toolkit-ocra.pskcxml"))
        let plain = "<Counter>\n          <PlainValue>0</PlainValue>"
        #expect(original.contains(plain))
        let variants: [(String, UInt64?)] = [("42", 42), ("042", 42), (" 42", 42), ("42 ", 42), ("\n            42\n          ", 42), ("+42", 42),
                                             ("NDI=", nil), ("4 2", nil), ("0x2a", nil)]
        var vaultCreated = false
        for (i, (text, counter)) in variants.enumerated() {
            let f = s.file("c\(i).pskc", original.replacingOccurrences(of: plain, with: "<Counter>\n          <PlainValue>\(text)</PlainValue>"))
            let args = ["import", "--user", "c\(i)", "--json"] + (vaultCreated ? [] : Fixture.kdf) + [f]
            if let counter {
                let r = s.run(args, env: s.secrets)
                #expect(r.status == 0, "'\(text)': \(r.stderr)")
                #expect((((json(r.stdout) as? [String: Any])?["users"] as? [[String: Any]])?.first?["counter"] as? NSNumber)?.uint64Value == counter,
                        "PlainValue '\(text)': \(r.stdout)")
                vaultCreated = vaultCreated || r.status == 0
            } else {
                expectRefused(s, args, status: 2, contains: "counter")
            }
        }
    }

}

