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
            #expect(Set(u.keys) == ["name", "suite", "counter"], "\(u)", sourceLocation: sourceLocation)
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

    // MARK: files written now by python-pskc

    @Test("random python-pskc files (plain, PBKDF2, pre-shared key; pskc:, default and other prefixes; encrypted counters; PIN keys; suite in URI)")
    func pythonPSKC() throws {
        var g = SeededGenerator()
        let seed = g.seed
        let s = Sandbox()
        var known: [KnownUser] = []
        var serial = 0
        for file in 0..<9 {
            let protection = ["none", "pbkdf2", "psk"][file % 3]
            var spec = PSKCSpec(protection: protection, keys: [])
            spec.namespace = ["pskc", "default", "ns\(file)"][(file / 3) % 3]
            spec.fields = g.chance(0.5) ? ["secret", "counter"] : ["secret"]
            var env = s.secrets
            var args = ["import", "--json"] + (file == 0 ? Fixture.kdf : [])
            var fds: [Int32: String] = [:]
            let password = "pw \(g.element(["é", "x", "#"]))\(UInt32.random(in: 0...UInt32.max, using: &g))"
            switch protection {
            case "pbkdf2":
                spec.password = password
                spec.iterations = Int.random(in: 1...2000, using: &g)
                spec.prf = g.chance(0.5) ? nil : "hmac-sha256"
                spec.algorithm = g.element(["aes128-cbc", "aes256-cbc"])
                spec.mac = g.element([nil, "hmac-sha256"])
                switch file % 3 + (file / 3) % 3 {
                case 0, 1: env["IBKEY_IMPORT_PASSWORD"] = password
                case 2: args += ["--password-file", s.file("pw\(file)", password + "\n")]
                default: args += ["--password-fd", "3"]; fds[3] = password + "\n"
                }
            case "psk":
                let key = g.bytes(g.element([16, 32]))
                spec.pskHex = Coding.hex(key)
                spec.algorithm = key.count == 16 ? "aes128-cbc" : "aes256-cbc"
                args += ["--psk-file", Self.pskFile(s, Coding.hex(key, uppercase: g.chance(0.5)), name: "psk\(file)")]
            default: break
            }
            var fileUsers: [KnownUser] = []
            var tokenPIN: String?
            for k in 0..<Int.random(in: 1...3, using: &g) {
                var c = SuiteCrossCheckTests.makeCase(Int.random(in: 0..<1000, using: &g), using: &g)
                // python-pskc writes an encrypted counter as its shortest big-endian bytes and reads bytes that
                // are all ASCII digits as decimal text (research notes §2.4): keep such counters plain.
                if spec.fields == ["secret", "counter"], let counter = c.counter {
                    var bytes = withUnsafeBytes(of: counter.bigEndian, Array.init).drop { $0 == 0 }
                    if bytes.isEmpty { bytes = [0] }
                    if bytes.allSatisfy({ (0x30...0x39).contains($0) }) { c.counter = counter + 1 }
                }
                serial += 1
                var key = PSKCKeySpec(id: "key-\(file)-\(k)", secretHex: Coding.hex(c.key), counter: c.counter)
                switch Int.random(in: 0..<3, using: &g) {
                case 0: key.userid = "user \(serial) ✓"
                case 1: key.serial = "SN\(serial)"
                default: break // named by its Id
                }
                let name = key.userid ?? key.serial ?? key.id
                if g.chance(0.3) && !c.suite.contains("-P") { key.suiteInUri = true }
                key.suite = c.suite
                var user = KnownUser(name: name, suite: c.suite, keyHex: Coding.hex(c.key), counter: c.counter ?? 0)
                if c.pin != nil {
                    if g.chance(0.5) {
                        key.pin = c.pin // a PIN key the policy names: P from the file
                        user.pin = c.pin
                    } else {
                        tokenPIN = tokenPIN ?? c.pin
                        user.pin = tokenPIN
                    }
                }
                spec.keys.append(key)
                fileUsers.append(user)
            }
            if let tokenPIN { env["IBKEY_TOKEN_PIN"] = tokenPIN }
            let path = Peers.writePSKC(s, "file\(file).pskc", spec)
            let r = s.run(args + [path], env: env, fds: fds)
            #expect(r.status == 0, "seed \(seed): file \(file) (\(protection), \(spec.namespace ?? "")): \(r.stderr)\n\(String(decoding: s.bytes(path), as: UTF8.self))")
            let users = Self.jsonUsers(r, secrets: fileUsers.map(\.keyHex))
            #expect(users.map { $0["name"] as? String ?? "" } == fileUsers.map(\.name), "seed \(seed)")
            #expect(users.map { $0["suite"] as? String ?? "" } == fileUsers.map(\.suite), "seed \(seed)")
            for (u, k) in zip(users, fileUsers) {
                if SuiteShape(k.suite).counter {
                    #expect((u["counter"] as? NSNumber)?.uint64Value == k.counter, "seed \(seed): \(u)")
                } else {
                    #expect(u["counter"] is NSNull, "seed \(seed): \(u)")
                }
            }
            known += fileUsers
        }
        #expect(s.userNames() == known.map(\.name), "seed \(seed)")
        let probes = Probes.make(known, using: &g)
        #expect(Probes.answers(s, probes) == Probes.oath(s, probes), "seed \(seed)")
    }

    @Test("--key-id picks one key, --user renames it; the first import creates the vault, later ones need both PINs")
    func keyIDAndVaultCreation() throws {
        let s = Sandbox()
        let spec = PSKCSpec(keys: [
            PSKCKeySpec(id: "A1", suite: "OCRA-1:HOTP-SHA1-6:QN06", secretHex: String(repeating: "a1", count: 20), userid: "anna"),
            PSKCKeySpec(id: "B2", suite: "OCRA-1:HOTP-SHA256-8:C-QA08", secretHex: String(repeating: "b2", count: 32), counter: 7, userid: "ben"),
        ])
        let path = Peers.writePSKC(s, "two.pskc", spec)
        // First import: PIN and recovery PIN set the vault up; PIN alone is not enough.
        expectRefused(s, ["import", "--key-id", "B2"] + Fixture.kdf + [path], env: ["IBKEY_PIN": Fixture.pin], status: 2, contains: "recovery")
        let first = s.run(["import", "--key-id", "B2", "--user", "bob", "--json"] + Fixture.kdf + [path], env: s.secrets)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stderr.contains("created vault"))
        let users = Self.jsonUsers(first, secrets: [String(repeating: "b2", count: 32)])
        #expect(users.count == 1 && users[0]["name"] as? String == "bob" && users[0]["counter"] as? Int == 7)
        var st = stat()
        stat(s.vault, &st)
        #expect(st.st_mode & 0o777 == 0o600)
        // Later imports need both PINs; a wrong one is counted as usual (exit 3).
        expectRefused(s, ["import", "--key-id", "A1", path], env: ["IBKEY_PIN": Fixture.pin], status: 2, contains: "--recovery-pin")
        // Wrong PINs are counted (the only write), and nothing is added.
        let wrongRecovery = s.run(["import", "--key-id", "A1", path], env: ["IBKEY_PIN": Fixture.pin, "IBKEY_RECOVERY_PIN": "zz9#q"])
        #expect(wrongRecovery.status == 3 && wrongRecovery.stdout.isEmpty && wrongRecovery.stderr.hasPrefix("ibkey: error: "), "\(wrongRecovery.stderr)")
        #expect((json(s.run(["status", "--json"]).stdout) as? [String: Any])?["failed_recovery_attempts"] as? Int == 1)
        let wrongPIN = s.run(["import", "--key-id", "A1", path], env: ["IBKEY_PIN": "7777-x", "IBKEY_RECOVERY_PIN": Fixture.recovery])
        #expect(wrongPIN.status == 3 && wrongPIN.stdout.isEmpty && wrongPIN.stderr.hasPrefix("ibkey: error: "), "\(wrongPIN.stderr)")
        #expect((json(s.run(["status", "--json"]).stdout) as? [String: Any])?["failed_pin_attempts"] as? Int == 1)
        #expect(s.userNames() == ["bob"])
        let second = s.run(["import", "--key-id", "A1", path], env: s.secrets)
        #expect(second.status == 0, "\(second.stderr)")
        #expect(s.userNames() == ["bob", "anna"])
        // Recovery-PIN file and descriptor work as for enroll.
        let third = s.run(["import", "--key-id", "A1", "--user", "anna2", "--recovery-pin-fd", "3", path], env: ["IBKEY_PIN": Fixture.pin],
                          fds: [3: Fixture.recovery + "\n"])
        #expect(third.status == 0, "\(third.stderr)")
        var g = SeededGenerator()
        let probes = Probes.make([
            KnownUser(name: "bob", suite: "OCRA-1:HOTP-SHA256-8:C-QA08", keyHex: String(repeating: "b2", count: 32), counter: 7),
            KnownUser(name: "anna", suite: "OCRA-1:HOTP-SHA1-6:QN06", keyHex: String(repeating: "a1", count: 20)),
            KnownUser(name: "anna2", suite: "OCRA-1:HOTP-SHA1-6:QN06", keyHex: String(repeating: "a1", count: 20)),
        ], using: &g)
        #expect(Probes.answers(s, probes) == Probes.oath(s, probes))
    }

    @Test("a first import with a weak PIN, or the same PIN twice, creates nothing (exit 2)")
    func weakPINs() {
        let s = Sandbox()
        let data = s.file("d.json", "{\"ocra\":\"\(Self.ibKeyVectors[0].key)\",\"pin\":\"1234\",\"counter\":1}")
        for (pin, recovery) in [("1234", Fixture.recovery), (Fixture.pin, "1111"), (Fixture.pin, Fixture.pin)] {
            expectRefused(s, ["import", "--user", "w"] + Fixture.kdf + [data], env: ["IBKEY_PIN": pin, "IBKEY_RECOVERY_PIN": recovery], status: 2)
        }
        #expect(!FileManager.default.fileExists(atPath: s.vault))
    }

    @Test("500 keys in one file: one bad key keeps all out; without it all go in. Exactly 1 MiB is read, one byte more is not")
    func bigFiles() throws {
        var g = SeededGenerator()
        let s = enrolledSandbox()
        var keys = (0..<500).map { i in
            PSKCKeySpec(id: "K\(i)", suite: "OCRA-1:HOTP-SHA256-6:C-QN08", secretHex: Coding.hex(g.bytes(20)), counter: UInt64(i), serial: "tok\(i)")
        }
        let bad = keys + [PSKCKeySpec(id: "H", algorithm: "urn:ietf:params:xml:ns:keyprov:pskc:hotp", secretHex: Coding.hex(g.bytes(20)))]
        expectRefused(s, ["import", Peers.writePSKC(s, "bad.pskc", PSKCSpec(keys: bad))], status: 2, contains: "HOTP")
        #expect(s.userNames() == ["alice"])
        let ok = Peers.writePSKC(s, "ok.pskc", PSKCSpec(keys: keys))
        let r = s.run(["import", "--json", ok], env: s.secrets)
        #expect(r.status == 0, "\(r.stderr)")
        #expect((((json(r.stdout) as? [String: Any])?["users"]) as? [Any])?.count == 500)
        #expect(s.userNames() == ["alice"] + keys.map { $0.serial! })
        let last = keys.removeLast()
        let probes = Probes.make([KnownUser(name: last.serial!, suite: last.suite!, keyHex: last.secretHex, counter: last.counter)], using: &g)
        #expect(Probes.answers(s, probes) == Probes.oath(s, probes), "seed \(g.seed)")

        // A small file padded with a comment to exactly 1 MiB, then one byte more.
        let small = ImportRefusalTests.text(s, Peers.writePSKC(s, "small.pskc", PSKCSpec(keys: [
            PSKCKeySpec(id: "S", suite: "OCRA-1:HOTP-SHA1-6:QN08", secretHex: Coding.hex(g.bytes(20)), userid: "edge")])))
        let head = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        let body = String(small.dropFirst(head.count))
        let padding = (1 << 20) - head.utf8.count - body.utf8.count - "<!---->\n".utf8.count
        let exact = head + "<!--" + String(repeating: "p", count: padding) + "-->\n" + body
        #expect(exact.utf8.count == 1 << 20)
        expectRefused(s, ["import", s.file("over.pskc", exact + " ")], status: 2, contains: "1 MiB")
        let fits = s.run(["import", s.file("exact.pskc", exact)], env: s.secrets)
        #expect(fits.status == 0, "\(fits.stderr)")
        #expect(s.userNames().last == "edge")
    }

    @Test("an import into a vault of enrolled users keeps them answering")
    func importNextToEnrolled() throws {
        let s = enrolledSandbox()
        var env = s.secrets
        env["IBKEY_SECRET"] = String(repeating: "5a", count: 20)
        let zed = "zed \"q\" \\ ü"
        let r0 = s.run(["import", "--user", zed, "--suite", "OCRA-1:HOTP-SHA1-6:QN06", "--json"], env: env)
        #expect(r0.status == 0, "\(r0.stderr)")
        #expect(Self.jsonUsers(r0, secrets: [String(repeating: "5a", count: 20)]).first?["name"] as? String == zed)
        let r = s.run(["respond", "--user", "alice", "708362"], env: s.secrets)
        #expect(r.out == (try Reference.response("708362", counter: 1)), "\(r.stderr)")
        #expect(s.userNames() == ["alice", zed])
    }

    // MARK: IB Key data files

    static let ibKeyVectors: [(key: String, counter: UInt64, challenge: String, response: String)] = [
        ("ae7ea584ec7cfaffccca2a4238f8f1fb8e26d5da", 1, "708362", "15632646"),
        ("f187d2608a56467df1cb17b123ce2cef5428fc70", 1, "174838", "73566858"),
        ("6574bf9b3cd79698e346fbb499d1213ea05ebc44", 1, "133449", "77445017"),
        ("6574bf9b3cd79698e346fbb499d1213ea05ebc44", 3, "654321", "84748978"),
    ]

    @Test("IB Key data files: the four published vectors (pin as text or number, pretty or compact, BOM, from stdin)")
    func ibKeyDataFiles() {
        let s = Sandbox()
        for (i, v) in Self.ibKeyVectors.enumerated() {
            let text: String
            switch i {
            case 0: text = "{\n  \"pin\": \"1234\",\n  \"ocra\": \"\(v.key)\",\n  \"counter\": \(v.counter),\n  \"attempts\": 0\n}\n"
            case 1: text = "{\"pin\":1234,\"ocra\":\"\(v.key.uppercased())\",\"counter\":\(v.counter),\"attempts\":2}"
            case 2: text = "\u{FEFF}{\"ocra\": \"\(v.key)\", \"pin\": \"1234\", \"counter\": \(v.counter)}"
            default: text = "{\"ocra\":\"\(v.key)\",\"pin\":\"1234\",\"counter\":\(v.counter),\"attempts\":0}"
            }
            let args = ["import", "--user", "v\(i)", "--json"] + (i == 0 ? Fixture.kdf : [])
            let r = i == 3 ? s.run(args + ["-"], env: s.secrets, stdin: text)
                           : s.run(args + [s.file("ib-key-auth-\(i).json", text)], env: s.secrets)
            #expect(r.status == 0, "vector \(i): \(r.stderr)")
            let users = Self.jsonUsers(r, secrets: [v.key])
            #expect(users.first?["suite"] as? String == "OCRA-1:HOTP-SHA1-8:C-QN06-PSHA1")
            #expect(users.first?["counter"] as? Int == Int(v.counter))
            #expect(!r.stderr.contains("--counter"), "no hex-quirk warning below 10: \(r.stderr)")
            let answer = s.run(["respond", "--user", "v\(i)", v.challenge], env: ["IBKEY_PIN": Fixture.pin])
            #expect(answer.out == v.response, "vector \(i): \(answer.stderr)")
        }
    }

    @Test("IB Key data file with counter ≥ 10: the hex-quirk warning names --counter; --counter overrides without a warning")
    func ibKeyCounterQuirk() {
        let s = Sandbox()
        let key = Self.ibKeyVectors[0].key
        let data = s.file("data.json", "{\"ocra\":\"\(key)\",\"pin\":\"1234\",\"counter\":13,\"attempts\":0}")
        let quirk = s.run(["import", "--user", "q", "--json"] + Fixture.kdf + [data], env: s.secrets)
        #expect(quirk.status == 0, "\(quirk.stderr)")
        #expect(quirk.stderr.contains("ibkey: warning:") && quirk.stderr.contains("--counter 19"), "\(quirk.stderr)")
        #expect(Self.jsonUsers(quirk, secrets: [key]).first?["counter"] as? Int == 13)
        let over = s.run(["import", "--user", "o", "--counter", "19", "--json", data], env: s.secrets)
        #expect(over.status == 0, "\(over.stderr)")
        #expect(!over.stderr.contains("warning") && !over.stderr.contains("hex"), "\(over.stderr)")
        #expect(Self.jsonUsers(over, secrets: [key]).first?["counter"] as? Int == 19)
        let nine = s.run(["import", "--user", "n", s.file("nine.json", "{\"ocra\":\"\(key)\",\"pin\":\"1234\",\"counter\":9}")], env: s.secrets)
        #expect(nine.status == 0 && !nine.stderr.contains("warning") && !nine.stderr.contains("--counter"), "\(nine.stderr)")
        let q = s.run(["respond", "--user", "q", "123456"], env: ["IBKEY_PIN": Fixture.pin])
        let o = s.run(["respond", "--user", "o", "123456"], env: ["IBKEY_PIN": Fixture.pin])
        let n = s.run(["respond", "--user", "n", "123456"], env: ["IBKEY_PIN": Fixture.pin])
        let suite = "OCRA-1:HOTP-SHA1-8:C-QN06-PSHA1"
        #expect([q.out, o.out, n.out] == Peers.oath(s, [13, 19, 9].map {
            OathInput(suite: suite, keyHex: key, counter: $0, question: "123456", pin: "1234")
        }))
    }

    // MARK: raw secrets

    @Test("raw secrets from the descriptor, a file and the environment, in hex and base32, give the same key")
    func rawSecretSources() {
        var g = SeededGenerator()
        let s = Sandbox()
        let key = g.bytes(Int.random(in: 16...128, using: &g))
        let suite = "OCRA-1:HOTP-SHA256-8:C-QN08"
        let forms = [Coding.hex(key), Coding.hex(key, uppercase: true), Coding.base32(key), Coding.base32(key, padded: false).lowercased(),
                     "  " + Coding.hex(key).enumerated().map { $0.offset % 4 == 3 ? "\($0.element)-" : "\($0.element)" }.joined() + " "]
        var known: [KnownUser] = []
        var n = 0
        for (f, text) in forms.enumerated() {
            for source in ["fd", "file", "env"] {
                var args = ["import", "--user", "r\(n)", "--suite", suite, "--counter", String(n)] + (n == 0 ? Fixture.kdf : [])
                var env = s.secrets
                var fds: [Int32: String] = [:]
                switch source {
                case "fd": args += ["--secret-fd", "3"]; fds[3] = text + "\n"
                case "file": args += ["--secret-file", s.file("secret\(n)", text + "\n")]
                default: env["IBKEY_SECRET"] = text
                }
                let r = s.run(args, env: env, fds: fds)
                #expect(r.status == 0, "seed \(g.seed): form \(f) via \(source): \(r.stderr)")
                #expect(!r.stderr.contains(Coding.hex(key)) && !r.stderr.contains(Coding.base32(key, padded: false)))
                known.append(KnownUser(name: "r\(n)", suite: suite, keyHex: Coding.hex(key), counter: UInt64(n)))
                n += 1
            }
        }
        // A secret given on stdin as the prompt's answer is not a thing without a terminal; the empty counter is 0.
        let probes = Probes.make(known, using: &g)
        #expect(Probes.answers(s, probes) == Probes.oath(s, probes), "seed \(g.seed)")
    }

    @Test("a PSKC file on standard input")
    func pskcFromStdin() throws {
        let s = Sandbox()
        let text = String(decoding: s.bytes(Peers.fixture("peers/ocra-pbkdf2.pskcxml")), as: UTF8.self)
        var env = s.secrets
        env["IBKEY_IMPORT_PASSWORD"] = "qwerty"
        env["IBKEY_TOKEN_PIN"] = "4711"
        let r = s.run(["import", "--user", "piped"] + Fixture.kdf + ["-"], env: env, stdin: text)
        #expect(r.status == 0, "\(r.stderr)")
        let answer = s.run(["respond", "12345678"], env: ["IBKEY_PIN": Fixture.pin])
        #expect([answer.out] == Peers.oath(s, [OathInput(suite: "OCRA-1:HOTP-SHA1-8:C-QN08-PSHA1", keyHex: Coding.hex(Array("12345678901234567890".utf8)),
                                                        counter: 42, question: "12345678", pin: "4711")]))
        // The key file and the PIN cannot both come from stdin.
        expectRefused(s, ["import", "--user", "x", "--pin-stdin", "-"], env: ["IBKEY_RECOVERY_PIN": Fixture.recovery], stdin: Fixture.pin + "\n" + text, status: 2)
    }
}

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

    @Test("keys ibkey does not take: HOTP (names HOTP), TOTP, 10-byte key, bad suite, no suite (exit 2)")
    func unsupportedKeys() {
        let s = enrolledSandbox()
        expectRefused(s, ["import", s.file("fig3.pskc", Self.text(s, Peers.fixture("rfc6030/figure3.pskcxml")))], status: 2, contains: "HOTP")
        let psk = ImportTests.pskFile(s, ImportTests.psk)
        expectRefused(s, ["import", "--psk-file", psk, Peers.fixture("rfc6030/figure6.pskcxml")], status: 2, contains: "HOTP")
        expectRefused(s, ["import", Peers.fixture("rfc6030/figure7.pskcxml")], env: ["IBKEY_IMPORT_PASSWORD": "qwerty"].merging(s.secrets) { $1 },
                      status: 2, contains: "HOTP")
        let totp = Self.plainFile(s, "totp.pskc", keys: [PSKCKeySpec(id: "T1", algorithm: "urn:ietf:params:xml:ns:keyprov:pskc:totp",
                                                                     secretHex: String(repeating: "11", count: 20))])
        expectRefused(s, ["import", totp], status: 2, contains: "TOTP")
        let short = Self.plainFile(s, "short.pskc", keys: [PSKCKeySpec(id: "S1", suite: "OCRA-1:HOTP-SHA1-6:QN08", secretHex: String(repeating: "22", count: 10))])
        expectRefused(s, ["import", short], status: 2, contains: "10 bytes")
        for (i, suite) in ["OCRA-1:HOTP-SHA1-6:QX08", "OCRA-1:HOTP-MD5-6:QN08", "OCRA-1:HOTP-SHA1-3:QN08", "OCRA-1:HOTP-SHA1-6:QN65",
                           "OCRA-1:HOTP-SHA1-6:QN08-T0S", "OCRA-1:HOTP-SHA1-6:QN08-S999"].enumerated() {
            let f = Self.plainFile(s, "suite\(i).pskc", keys: [PSKCKeySpec(id: "B\(i)", suite: suite, secretHex: String(repeating: "33", count: 20))])
            expectRefused(s, ["import", f], status: 2, contains: "B\(i)")
        }
        let none = Self.plainFile(s, "nosuite.pskc", keys: [PSKCKeySpec(id: "N1", secretHex: String(repeating: "44", count: 20))])
        expectRefused(s, ["import", none], status: 2, contains: "suite")
        // An OCRA key next to an HOTP key: none goes in.
        let mixed = Self.plainFile(s, "mixed.pskc", keys: [
            PSKCKeySpec(id: "ok", suite: "OCRA-1:HOTP-SHA1-6:QN08", secretHex: String(repeating: "55", count: 20), userid: "fine"),
            PSKCKeySpec(id: "h", algorithm: "urn:ietf:params:xml:ns:keyprov:pskc:hotp", secretHex: String(repeating: "66", count: 20)),
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

    @Test("raw secrets: 15 and 129 bytes, not hex or base32 (never echoed), odd hex, no source and no terminal, bad suite (exit 2)")
    func rawSecrets() {
        let s = enrolledSandbox()
        let suite = "OCRA-1:HOTP-SHA1-6:QN08"
        func env(_ secret: String) -> [String: String] { ["IBKEY_SECRET": secret].merging(s.secrets) { $1 } }
        expectRefused(s, ["import", "--user", "r", "--suite", suite], env: env(String(repeating: "ab", count: 15)), status: 2, contains: "15 bytes")
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
