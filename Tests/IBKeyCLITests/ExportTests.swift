import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// `ibkey export`: the PSKC file python-pskc reads with the password, and
/// that `ibkey import` turns into a second vault answering as the first. Each
/// export costs a 600 000-iteration PBKDF2, so the happy paths share a few.
@Suite("export")
struct ExportTests {
    static let password = "export pw 1"

    /// Imports `users` as raw secrets into `s` (the first creates the vault).
    static func importUsers(_ s: Sandbox, _ users: [KnownUser], sourceLocation: SourceLocation = #_sourceLocation) {
        for (i, u) in users.enumerated() {
            var env = s.secrets
            env["IBKEY_SECRET"] = u.keyHex
            if let pin = u.pin { env["IBKEY_TOKEN_PIN"] = pin }
            let r = s.run(["import", "--user", u.name, "--suite", u.suite] + (u.counter.map { ["--counter", String($0)] } ?? [])
                          + (i == 0 ? Fixture.kdf : []), env: env)
            #expect(r.status == 0, "import \(u.name): \(r.stderr)", sourceLocation: sourceLocation)
        }
    }

    @Test("export → python-pskc reads key, suite and counter; → import into a second vault answers as the first (P without a token PIN)")
    func roundTrip() throws {
        var g = SeededGenerator()
        let seed = g.seed
        let a = Sandbox()
        var users = [
            KnownUser(name: "alice", suite: "OCRA-1:HOTP-SHA1-8:C-QN06-PSHA1", keyHex: Coding.hex(g.bytes(20)), counter: 5, pin: "4711"),
            KnownUser(name: "bob", suite: "OCRA-1:HOTP-SHA256-8:QA10-T1M", keyHex: Coding.hex(g.bytes(32))),
            KnownUser(name: "carol", suite: "OCRA-1:HOTP-SHA512-0:C-QH16-PSHA256-S128", keyHex: Coding.hex(g.bytes(Int.random(in: 16...128, using: &g))),
                      counter: UInt64.random(in: 1_000_000...(1 << 62), using: &g), pin: "zz-\(UInt16.random(in: 0...9999, using: &g))"),
            KnownUser(name: "dave ü <&>", suite: "OCRA-1:HOTP-SHA1-6:QN08-S064", keyHex: Coding.hex(g.bytes(17))),
        ]
        Self.importUsers(a, users)
        // alice answers twice first: the export carries her next counter, 7.
        for q in ["123456", "654321"] { #expect(a.run(["respond", "--user", "alice", q], env: ["IBKEY_PIN": Fixture.pin]).status == 0) }
        users[0].counter = 7

        let vaultBefore = a.bytes(a.vault)
        var files: [String] = []
        for (i, u) in users.enumerated() {
            var args = ["export", "--user", u.name]
            var env = a.secrets
            var fds: [Int32: String] = [:]
            var password = Self.password
            let path = a.path("export\(i).pskc")
            switch i {
            case 0:
                // Eight characters, some of them two bytes: long enough. To stdout (the default).
                password = "pässwörd"
                env["IBKEY_EXPORT_PASSWORD"] = password; args += ["--output", "-"]
            case 1: args += ["--password-file", a.file("pw", password + "\n"), "-o", path]
            case 2: args += ["--password-fd", "3", "--output", path]; fds[3] = password + "\n"
            default: env["IBKEY_EXPORT_PASSWORD"] = password; args += ["--output", path]
            }
            let r = a.run(args, env: env, fds: fds)
            #expect(r.status == 0, "export \(u.name): \(r.stderr)")
            if i == 0 {
                // Only the XML on stdout; the counter warning goes to stderr.
                #expect(r.stdout.hasPrefix("<?xml") && r.out.hasSuffix("KeyContainer>"), "\(r.stdout.prefix(200))")
                #expect(!r.stdout.contains("warning") && !r.stdout.contains("ibkey: "))
                _ = a.file("export0.pskc", r.stdout)
            } else {
                #expect(r.stdout.isEmpty, "\(r.stdout)")
                var st = stat()
                stat(path, &st)
                #expect(st.st_mode & 0o777 == 0o600, "export \(u.name) mode \(String(st.st_mode & 0o777, radix: 8))")
            }
            let counterSuite = SuiteShape(u.suite).counter
            let warned = r.stderr.split(separator: "\n").contains { $0.hasPrefix("ibkey: warning:") && $0.contains("counter") }
            #expect(warned == counterSuite, "\(u.suite): counter warning \(warned): \(r.stderr)")
            #expect(!r.stderr.contains(u.keyHex) && !r.stdout.contains(u.keyHex))
            files.append(a.path("export\(i).pskc"))

            // python-pskc opens it with the password: same key, suite, counter, MACs checked.
            switch Peers.readPSKC(a, files[i], password: password) {
            case .failure(let e): Issue.record("seed \(seed): python-pskc cannot read the export of \(u.name): \(e)")
            case .success(let keys):
                #expect(keys.count == 1)
                let k = keys.first
                #expect(k?.secretHex == u.keyHex, "seed \(seed): \(u.name)")
                #expect(k?.suite == u.suite)
                #expect(k?.userid == u.name || k?.id == u.name, "\(String(describing: k))")
                if counterSuite { #expect(k?.counter == u.counter, "seed \(seed): \(u.name) counter \(String(describing: k?.counter))") }
                #expect(k?.encryptionAlgorithm == "http://www.w3.org/2001/04/xmlenc#aes256-cbc")
                #expect(k?.prf == "http://www.w3.org/2001/04/xmldsig-more#hmac-sha256")
                #expect(k?.macAlgorithm == "http://www.w3.org/2001/04/xmldsig-more#hmac-sha256")
            }
            // A wrong password does not open it.
            if i == 1, case .success = Peers.readPSKC(a, files[i], password: "wrong password") {
                Issue.record("python-pskc opened the export with a wrong password")
            }
        }
        #expect(a.bytes(a.vault) == vaultBefore, "export changed the vault")

        // A second vault from the four files: no token PIN anywhere.
        let b = Sandbox()
        for (i, file) in files.enumerated() {
            let env = b.secrets.merging(["IBKEY_IMPORT_PASSWORD": i == 0 ? "pässwörd" : Self.password]) { $1 }
            let r = b.run(["import", "--json"] + (i == 0 ? Fixture.kdf : []) + [file], env: env)
            #expect(r.status == 0, "import of the export of \(users[i].name): \(r.stderr)")
            let imported = ((json(r.stdout) as? [String: Any])?["users"] as? [[String: Any]])?.first
            #expect(imported?["name"] as? String == users[i].name)
            #expect(imported?["suite"] as? String == users[i].suite)
            if let c = users[i].counter { #expect((imported?["counter"] as? NSNumber)?.uint64Value == c) }
        }
        #expect(b.userNames() == users.map(\.name))
        let probes = Probes.make(users + users, using: &g)
        let fromA = Probes.answers(a, probes)
        let fromB = Probes.answers(b, probes)
        #expect(fromA == fromB, "seed \(seed)")
        var advanced = users
        for i in advanced.indices { advanced[i].counter = users[i].counter.map { $0 + 1 } }
        // Each user answered twice: the second time at the next counter.
        let asOath = zip(probes, users + advanced).map { Probe(user: $1, challenge: $0.challenge, session: $0.session) }
        #expect(fromA == Probes.oath(a, asOath), "seed \(seed)")
    }

    @Test("an enrolled IB Key user moves to another vault: export, import, and the next answers are the same")
    func moveEnrolledUser() throws {
        let a = enrolledSandbox()
        #expect(a.run(["respond", "111111"], env: a.secrets).status == 0) // counter 1 → 2
        let file = a.path("alice.pskc")
        let r = a.run(["export", "--user", "alice", "--output", file], env: a.secrets.merging(["IBKEY_EXPORT_PASSWORD": Self.password]) { $1 })
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.contains("next counter (2)"), "\(r.stderr)")
        // As the help shows it: import --vault OTHER, then remove from the first vault.
        let other = a.path("other/other.ibkey")
        let imp = a.run(["import", "--vault", other, "--json"] + Fixture.kdf + [file],
                        env: ["IBKEY_PIN": "6081-x", "IBKEY_RECOVERY_PIN": "q9#Lw", "IBKEY_IMPORT_PASSWORD": Self.password])
        #expect(imp.status == 0, "\(imp.stderr)")
        #expect(imp.stdout == "{\"users\":[{\"name\":\"alice\",\"suite\":\"OCRA-1:HOTP-SHA1-8:C-QN06-PSHA1\",\"counter\":2,\"kind\":\"ocra\",\"issuer\":null}]}\n")
        #expect(FileManager.default.fileExists(atPath: other))
        // P is the hash of the PIN alice enrolled with, though the other vault's PIN differs.
        let fromA = a.run(["respond", "708362"], env: a.secrets)
        #expect(a.run(["remove", "--user", "alice"], env: a.secrets).status == 0)
        let fromB = a.run(["respond", "--vault", other, "708362"], env: ["IBKEY_PIN": "6081-x"])
        #expect(fromB.out == (try Reference.response("708362", counter: 2)), "\(fromB.stderr)")
        #expect(fromA.out == fromB.out)
    }

    @Test("a counter whose eight bytes are all ASCII digits survives export → import (ibkey and python-pskc)")
    func digitLikeCounter() {
        let s = Sandbox()
        let counter: UInt64 = 0x3031_3233_3435_3637 // the bytes of "01234567"
        Self.importUsers(s, [KnownUser(name: "big", suite: "OCRA-1:HOTP-SHA1-6:C-QN08", keyHex: String(repeating: "ab", count: 20), counter: counter)])
        let file = s.path("big.pskc")
        let r = s.run(["export", "--user", "big", "--output", file], env: s.secrets.merging(["IBKEY_EXPORT_PASSWORD": Self.password]) { $1 })
        #expect(r.status == 0, "\(r.stderr)")
        if case .success(let keys) = Peers.readPSKC(s, file, password: Self.password) {
            #expect(keys.first?.counter == counter, "python-pskc reads counter \(String(describing: keys.first?.counter)), not \(counter)")
        } else {
            Issue.record("python-pskc cannot read the export")
        }
        let b = Sandbox()
        let imp = b.run(["import", "--json"] + Fixture.kdf + [file], env: b.secrets.merging(["IBKEY_IMPORT_PASSWORD": Self.password]) { $1 })
        #expect(imp.status == 0, "\(imp.stderr)")
        let got = (((json(imp.stdout) as? [String: Any])?["users"] as? [[String: Any]])?.first?["counter"] as? NSNumber)?.uint64Value
        #expect(got == counter, "ibkey import reads counter \(String(describing: got)), not \(counter): the counter went backwards")
    }

    @Test("never over an existing file (nor through a dangling link): exit 7, the file and the vault unchanged")
    func noOverwrite() throws {
        let s = enrolledSandbox()
        let env = s.secrets.merging(["IBKEY_EXPORT_PASSWORD": Self.password]) { $1 }
        let taken = s.file("taken.pskc", "precious\n", mode: 0o644)
        expectRefused(s, ["export", "--user", "alice", "--output", taken], env: env, status: 7,
                      contains: "\(taken) already exists; ibkey does not overwrite it\nhint: choose another --output\n")
        #expect(s.bytes(taken) == Array("precious\n".utf8))
        var st = stat()
        stat(taken, &st)
        #expect(st.st_mode & 0o777 == 0o644)
        let link = s.path("link.pskc")
        #expect(symlink(s.path("target.pskc"), link) == 0)
        expectRefused(s, ["export", "--user", "alice", "--output", link], env: env, status: 7)
        #expect(!FileManager.default.fileExists(atPath: s.path("target.pskc")))
        let dirLink = s.path("dir")
        try FileManager.default.createDirectory(atPath: dirLink, withIntermediateDirectories: false)
        expectRefused(s, ["export", "--user", "alice", "--output", dirLink], env: env, status: 7)
        #expect(s.topLevelFiles() == ["taken.pskc", "link.pskc", "dir", "data"])
    }

    @Test("refusals: short password (2), wrong PIN or recovery PIN (3), unknown user (5), no PIN or password source and no terminal (2); no file written")
    func refusals() {
        let s = enrolledSandbox()
        let out = s.path("out.pskc")
        let before = s.topLevelFiles()
        func env(_ extra: [String: String]) -> [String: String] { s.secrets.merging(extra) { $1 } }
        for (i, short) in ["", "1234567", "pass wd"].enumerated() {
            let file = s.path("short\(i).pskc")
            expectRefused(s, ["export", "--user", "alice", "--output", file], env: env(["IBKEY_EXPORT_PASSWORD": short]), status: 2,
                          contains: short.isEmpty ? nil : "8 characters", secrets: short.isEmpty ? [] : [short])
            #expect(!FileManager.default.fileExists(atPath: file), "a \(short.count)-character password was taken")
            try? FileManager.default.removeItem(atPath: file)
        }
        expectRefused(s, ["export", "--user", "alice", "--output", out], status: 2, contains: "IBKEY_EXPORT_PASSWORD")
        expectRefused(s, ["export", "--user", "carol", "--output", out], env: env(["IBKEY_EXPORT_PASSWORD": Self.password]), status: 5, contains: "carol")
        expectRefused(s, ["export", "--user", "alice", "--output", out], env: ["IBKEY_RECOVERY_PIN": Fixture.recovery, "IBKEY_EXPORT_PASSWORD": Self.password],
                      status: 2, contains: "--pin-fd")
        expectRefused(s, ["export", "--user", "alice", "--output", out], env: ["IBKEY_PIN": Fixture.pin, "IBKEY_EXPORT_PASSWORD": Self.password],
                      status: 2, contains: "--recovery-pin")
        // Wrong PINs are counted (the one write); no file appears.
        let wrongPIN = s.run(["export", "--user", "alice", "--output", out], env: env(["IBKEY_PIN": "7777-x", "IBKEY_EXPORT_PASSWORD": Self.password]))
        #expect(wrongPIN.status == 3 && wrongPIN.stdout.isEmpty && wrongPIN.stderr.hasPrefix("ibkey: error: "), "\(wrongPIN.stderr)")
        #expect((json(s.run(["status", "--json"]).stdout) as? [String: Any])?["failed_pin_attempts"] as? Int == 1)
        let wrongRecovery = s.run(["export", "--user", "alice", "--output", out], env: env(["IBKEY_RECOVERY_PIN": "zz9#q", "IBKEY_EXPORT_PASSWORD": Self.password]))
        #expect(wrongRecovery.status == 3 && wrongRecovery.stdout.isEmpty && wrongRecovery.stderr.hasPrefix("ibkey: error: "), "\(wrongRecovery.stderr)")
        // (The right PIN of this second try cleared the PIN count.)
        #expect((json(s.run(["status", "--json"]).stdout) as? [String: Any])?["failed_recovery_attempts"] as? Int == 1)
        #expect(s.topLevelFiles() == before, "files left: \(s.topLevelFiles().subtracting(before))")
        // No vault at all: 5.
        let empty = Sandbox()
        expectRefused(empty, ["export", "--user", "alice", "--output", empty.path("o.pskc")],
                      env: empty.secrets.merging(["IBKEY_EXPORT_PASSWORD": Self.password]) { $1 }, status: 5)
        #expect(!FileManager.default.fileExists(atPath: empty.path("o.pskc")))
    }

    @Test("the 8-character minimum counts characters, not bytes: seven 'é' or '€' are refused (2), eight are taken")
    func passwordCharacters() {
        let s = enrolledSandbox()
        for (i, short) in ["ééééééé", "€€€€€€€", "😀😀😀😀😀😀😀"].enumerated() {
            let file = s.path("short\(i).pskc")
            expectRefused(s, ["export", "--user", "alice", "--output", file],
                          env: s.secrets.merging(["IBKEY_EXPORT_PASSWORD": short]) { $1 }, status: 2, contains: "8 characters", secrets: [short])
            #expect(!FileManager.default.fileExists(atPath: file), "a \(short.count)-character password (\(short.utf8.count) bytes) was taken")
        }
        // (Eight two-byte characters are taken: the round-trip test exports with "pässwörd".)
    }

    @Test("a noncharacter (U+FFFE, which XML cannot write) is refused as a new name; a vault's names export")
    func awkwardNames() {
        let s = Sandbox()
        // U+FFFE is a noncharacter: refused as a new user name, since XML 1.0
        // (a PSKC export) has no way to write it.
        let refused = s.run(["import", "--user", "a\u{FFFE}b", "--suite", "OCRA-1:HOTP-SHA1-6:QN06"] + Fixture.kdf,
                            env: s.secrets.merging(["IBKEY_SECRET": String(repeating: "c4", count: 20)]) { $1 })
        #expect(refused.status == 2 && refused.stderr.contains("noncharacters"), "\(refused.stderr)")
        let names = ["a&b<c>\"d'", "ü ñ 日本", "x\u{1F600}y"]
        var env = s.secrets
        env["IBKEY_SECRET"] = String(repeating: "c4", count: 20)
        for (i, name) in names.enumerated() {
            let imp = s.run(["import", "--user", name, "--suite", "OCRA-1:HOTP-SHA1-6:QN06"] + (i == 0 ? Fixture.kdf : []), env: env)
            #expect(imp.status == 0, "\(imp.stderr)")
            let out = s.path("awkward\(i).pskc")
            let r = s.run(["export", "--user", name, "--output", out], env: s.secrets.merging(["IBKEY_EXPORT_PASSWORD": Self.password]) { $1 })
            #expect(r.status == 0, "\(r.stderr)")
            if case .failure(let e) = Peers.readPSKC(s, out, password: Self.password) {
                Issue.record("export of user '\(name.unicodeScalars.map { String($0.value, radix: 16) })' is not a PSKC file python-pskc reads: \(e)")
            }
            let other = Sandbox()
            let back = other.run(["import", "--json"] + Fixture.kdf + [out], env: other.secrets.merging(["IBKEY_IMPORT_PASSWORD": Self.password]) { $1 })
            #expect(back.status == 0, "ibkey cannot import its own export: \(back.stderr)")
            #expect(other.userNames() == [name])
        }
    }
}
