import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Files written at test time by python-pskc.
extension ImportTests {
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
        #expect(FileManager.default.fileExists(atPath: s.vault))
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
        var badKey = PSKCKeySpec(id: "H", algorithm: "urn:ietf:params:xml:ns:keyprov:pskc:hotp", secretHex: Coding.hex(g.bytes(20)))
        badKey.responseLength = 9
        let bad = keys + [badKey]
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
}
