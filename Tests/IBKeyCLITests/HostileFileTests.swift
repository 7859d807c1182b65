import Foundation
import Testing
@testable import IBKeyCore

/// Any file ibkey reads gives a documented exit code and one line, never a
/// crash, whatever its bytes; names cannot reach the terminal raw; files
/// others can read are refused or warned about (Docs/THREAT-MODEL.md).
@Suite("Hostile files and names", .serialized)
struct HostileFileTests {
    /// Runs `commands` on the vault `bytes` in parallel; every exit must be a
    /// documented code, never a signal, and JSON output must parse.
    func expectNoCrash(_ s: Sandbox, vault bytes: [UInt8], _ what: String, allowed: Set<Int32> = [0, 3, 4, 6]) throws {
        try Data(bytes).write(to: URL(fileURLWithPath: s.vault))
        chmod(s.vault, 0o600)
        let commands = [["users", "--json"], ["status", "--json"], ["respond", "--json", "--user", "alice", "123456"]]
        let runs = commands.map { s.spawn($0, env: s.secrets) }.map { s.wait($0) }
        for (args, r) in zip(commands, runs) {
            #expect(allowed.contains(r.status), "\(what): \(args) exit \(r.status): \(r.stderr)")
            if r.status == 0 { #expect(json(r.stdout) != nil, "\(what): \(args) printed no JSON: \(r.stdout)") }
            if r.status != 0 { #expect(r.stderr.hasPrefix("ibkey: error: ") && r.stderr.split(separator: "\n").count <= 2, "\(what): \(r.stderr)") }
        }
    }

    @Test("crafted integers in every field of a format-3 vault and backup: a documented exit, never a signal")
    func vaultFields() throws {
        let s = enrolledSandbox(users: ["alice", "bob"])
        let original = s.bytes(s.vault)
        for field in Crafting.recordFormatFields(original) {
            for value in Crafting.extremes(field.width) {
                var b = original
                Crafting.set(&b, field, value)
                Crafting.fixRecordFormatChecksums(&b)
                try expectNoCrash(s, vault: b, "\(field) = \(value)")
            }
        }
        try Data(original).write(to: URL(fileURLWithPath: s.vault))
        #expect(s.run(["backup", "--output", s.path("b.bak"), "--kdf", "test"], env: s.secrets).status == 0)
        let backup = s.bytes(s.path("b.bak"))
        for field in Crafting.recordFormatFields(backup) {
            for value in Crafting.extremes(field.width) {
                var b = backup
                Crafting.set(&b, field, value)
                Crafting.fixRecordFormatChecksums(&b)
                try Data(b).write(to: URL(fileURLWithPath: s.path("crafted.bak")))
                chmod(s.path("crafted.bak"), 0o600)
                let r = s.run(["restore", "--force", "--kdf", "test", s.path("crafted.bak")],
                              env: ["IBKEY_RECOVERY_PIN": Fixture.recovery, "IBKEY_NEW_PIN": "6081-x"])
                #expect([0, 3, 6].contains(r.status), "backup \(field) = \(value): exit \(r.status): \(r.stderr)")
            }
        }
    }

    @Test("crafted fields inside the encrypted records and counter cells (sealed again with the key): exit 6 or a valid answer")
    func recordFields() throws {
        let s = enrolledSandbox(users: ["alice", "bob"])
        let original = s.bytes(s.vault)
        let dataKey = try #require(try SealedVault.parse(original, as: .vault).tryUnlock(.pin, pin: SecureBytes(copying: Array(Fixture.pin.utf8)))).dataKey
        for field in 0..<3 {
            for value: UInt8 in [0, 1, 15, 16, 19, 20, 21, 32, 64, 128, 129, 255] {
                let b = try Crafting.withRecordField(original, user: 0, field: field, value: value, dataKey: dataKey)
                try expectNoCrash(s, vault: b, "record field \(field) = \(value)")
            }
        }
        for counter in Crafting.extremes(8) {
            let b = try Crafting.withCounter(original, user: 0, counter: counter, dataKey: dataKey)
            try expectNoCrash(s, vault: b, "counter = \(counter)")
            if counter == .max {
                let r = s.run(["respond", "--user", "alice", "123456"], env: s.secrets)
                #expect(r.status == 6 && r.stdout.isEmpty, "\(r.stderr)")
            }
        }
    }

    @Test("crafted integers in every field of format-1 and format-2 vaults: a documented exit, never a signal")
    func olderFormats() throws {
        let s = Sandbox()
        try FileManager.default.createDirectory(atPath: (s.vault as NSString).deletingLastPathComponent,
                                                withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        // Every extreme value in every field, the checksums fixed by `fix`.
        func craftEach(_ fixture: String, fields: ([UInt8]) -> [Crafting.Field], fix: (inout [UInt8]) -> Void) throws {
            let original = s.bytes(VaultFormatCLITests.fixtures.appendingPathComponent("vault-\(fixture).ibkey").path)
            for field in fields(original) {
                for value in Crafting.extremes(field.width) {
                    var b = original
                    Crafting.set(&b, field, value)
                    fix(&b)
                    try expectNoCrash(s, vault: b, "\(fixture) \(field) = \(value)")
                }
            }
        }
        try craftEach("v2", fields: Crafting.recordFormatFields, fix: Crafting.fixRecordFormatChecksums)
        try craftEach("v1", fields: Crafting.formatOneFields, fix: Crafting.fixFormatOneChecksum)
    }

    @Test("crafted integers in every field of the issuer store's body (sealed again with the key file): never a signal")
    func issuerFields() throws {
        let s = Sandbox()
        s.enrollActive("alice")
        _ = s.run(["issuer", "challenge", "alice"])
        _ = s.run(["issuer", "verify", "alice", "00000000"])
        _ = s.run(["issuer", "challenge", "alice"])
        let store = s.env["IBKEY_ISSUER_STORE"]!
        let key = SecureBytes(copying: s.bytes(store + ".key"))
        let body = try Crafting.issuerBody(s.bytes(store), key: key)
        let fields = Crafting.issuerBodyFields(body)
        #expect(fields.contains { $0.name == "user 0 failure 0" } && fields.contains { $0.name == "user 0 challenge 0 expires" })
        for field in fields {
            for value in Crafting.extremes(field.width) {
                var b = body
                Crafting.set(&b, field, value)
                try Data(Crafting.issuerFile(body: b, key: key)).write(to: URL(fileURLWithPath: store))
                chmod(store, 0o600)
                let commands = [["issuer", "users", "--json"], ["issuer", "challenge", "alice"], ["issuer", "verify", "alice", "12345678"]]
                for args in commands {
                    let r = s.run(args)
                    #expect([0, 1, 2, 4, 5, 6].contains(r.status), "\(field) = \(value): \(args) exit \(r.status): \(r.stderr)")
                    if args.last == "--json" && r.status == 0 { #expect(json(r.stdout) != nil, "\(r.stdout)") }
                }
            }
        }
    }

    @Test("an issuer counter near the top of its range: the last responses verify, then none does; never a signal")
    func issuerCounterTop() throws {
        let s = Sandbox()
        s.enrollActive("alice")
        let store = s.env["IBKEY_ISSUER_STORE"]!
        let storeKey = SecureBytes(copying: s.bytes(store + ".key"))
        var body = try Crafting.issuerBody(s.bytes(store), key: storeKey)
        let fields = Crafting.issuerBodyFields(body)
        let counter = try #require(fields.first { $0.name == "user 0 counter" })
        let keyLength = try #require(fields.first { $0.name == "user 0 key length" })
        // The user's OCRA key and P hash follow their length bytes.
        let keyStart = keyLength.offset + 1, keyEnd = keyStart + Int(body[keyLength.offset])
        let pinStart = keyEnd + 1, pinEnd = pinStart + Int(body[keyEnd])
        let ocra = OCRA(suite: try #require(SuiteID(rawValue: 1)).suite, key: SecureBytes(copying: Array(body[keyStart..<keyEnd])))
        let pinHash = SecureBytes(copying: Array(body[pinStart..<pinEnd]))
        Crafting.set(&body, counter, .max - 2)
        try Data(Crafting.issuerFile(body: body, key: storeKey)).write(to: URL(fileURLWithPath: store))
        // max − 2 and max − 1 verify; the counter then stands at max, where no response can.
        for (c, status) in [(UInt64.max - 2, Int32(0)), (.max - 1, 0), (.max, 1)] {
            let q = s.run(["issuer", "challenge", "alice"])
            #expect(q.status == 0, "\(q.stderr)")
            let response = try ocra.response(OCRAInput(counter: c, question: q.out, pinHash: pinHash))
            let v = s.run(["issuer", "verify", "alice", response])
            #expect(v.status == status, "counter \(c): exit \(v.status): \(v.stderr)")
        }
        let users = s.run(["issuer", "users", "--json"])
        #expect(users.status == 0 && users.stdout.contains("\(UInt64.max)"), "\(users.stdout) \(users.stderr)")
    }

    @Test("IBKEY_TEST_NOW: the latest time it takes still gives files that read back; a later one is ignored")
    func testNowEdge() throws {
        let s = Sandbox()
        s.enrollActive("alice")
        let latest = "253402127999" // two days before the end of 9999
        let q = s.run(["issuer", "challenge", "alice", "--ttl", "86400"], env: ["IBKEY_TEST_NOW": latest])
        #expect(q.status == 0, "\(q.stderr)")
        for _ in 0..<11 { _ = s.run(["issuer", "verify", "alice", "00000000", "--challenge", q.out], env: ["IBKEY_TEST_NOW": latest]) }
        let listed = s.run(["issuer", "users", "--json"], env: ["IBKEY_TEST_NOW": latest])
        #expect(listed.status == 0 && listed.stdout.contains("9999-12-3"), "\(listed.stdout) \(listed.stderr)")
        // Beyond it the clock is used: what is written is still readable.
        let later = ["IBKEY_TEST_NOW": "300000000000"]
        let t = Sandbox()
        #expect(t.run(["enroll", "--user", "bob", "-"] + Fixture.kdf, env: t.secrets.merging(later) { $1 }, stdin: Reference.code() + "\n").status == 0)
        let users = t.run(["users"])
        #expect(users.status == 0 && !users.stdout.contains("9999"), "\(users.stdout) \(users.stderr)")
    }

    @Test("names with characters of categories Cc, Cf, Zl, Zp are refused", arguments: [
        "ev\u{1B}[2Je", "a\u{9B}31m", "abc\u{202E}gpj.exe", "zero\u{200B}width", "line\u{2028}sep", "para\u{2029}sep",
        "tab\there", "bom\u{FEFF}", "tag\u{E0041}",
    ])
    func badNames(_ name: String) {
        let s = Sandbox()
        let r = s.run(["enroll", "--user", name, "-"] + Fixture.kdf, env: s.secrets, stdin: Reference.code() + "\n")
        #expect(r.status == 2, "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: s.vault))
        _ = s.run(["issuer", "init"])
        #expect(s.run(["issuer", "add-user", name]).status == 2)
    }

    @Test("nothing from outside reaches the terminal raw: an unknown user, a path, a crafted name")
    func escaping() throws {
        let s = enrolledSandbox()
        let evil = "x\u{1B}]0;pwned\u{07}\u{9B}2J\u{202E}"
        let r = s.run(["respond", "--user", evil, "123456"], env: s.secrets)
        #expect(r.status == 5)
        #expect(!r.stderr.unicodeScalars.contains { $0 != "\n" && UnicodeClass.isControlOrFormat($0) }, "\(r.stderr.debugDescription)")
        #expect(r.stderr.contains("\\u{1b}"))
        let p = s.run(["status", "--vault", s.path("a\u{1B}[31mb/vault")])
        #expect(!p.stdout.unicodeScalars.contains { $0 != "\n" && UnicodeClass.isControlOrFormat($0) }, "\(p.stdout.debugDescription)")
        // A name crafted into the file (checksums fixed) is damage, not printed.
        var b = s.bytes(s.vault)
        let at = try #require(b.firstRange(of: Array("alice".utf8)))
        b.replaceSubrange(at, with: Array("al\u{1B}e".utf8) + [0x65]) // 5 bytes: a l ESC e e
        Crafting.fixRecordFormatChecksums(&b)
        try Data(b).write(to: URL(fileURLWithPath: s.vault))
        let users = s.run(["users"])
        #expect(users.status == 6 && !users.stdout.contains("\u{1B}"), "\(users.stderr)")
    }

    @Test("files others can read: the issuer key file is refused, vaults, backups and stores are used with a warning")
    func readableFiles() throws {
        let s = Sandbox()
        s.enrollActive("alice")
        chmod(s.vault, 0o644)
        let users = s.run(["users"])
        #expect(users.status == 0 && users.stderr.contains("can be read by other users") && users.stderr.contains("chmod 600"), "\(users.stderr)")
        let respond = s.run(["respond", "123456"], env: s.secrets)
        #expect(respond.status == 0 && respond.stderr.contains("warning"), "\(respond.stderr)")
        let store = s.env["IBKEY_ISSUER_STORE"]!
        chmod(store, 0o644)
        let listed = s.run(["issuer", "users"])
        #expect(listed.status == 0 && listed.stderr.contains("issuer store"), "\(listed.stderr)")
        // The store is sealed by its key file, not a PIN: the warning says what a copy gives.
        #expect(!listed.stderr.contains("PIN") && listed.stderr.contains("key file"), "\(listed.stderr)")
        chmod(store + ".key", 0o640)
        let refused = s.run(["issuer", "users"])
        #expect(refused.status == 2 && refused.stderr.contains("issuer key file") && refused.stderr.contains("chmod 600"), "\(refused.stderr)")
        chmod(store + ".key", 0o600)
        #expect(s.run(["backup", "--output", s.path("b.bak"), "--kdf", "test"], env: s.secrets).status == 0)
        chmod(s.path("b.bak"), 0o644)
        let other = Sandbox()
        let restore = other.run(["restore", "--kdf", "test", s.path("b.bak")], env: ["IBKEY_RECOVERY_PIN": Fixture.recovery, "IBKEY_NEW_PIN": "6081-x"])
        #expect(restore.status == 0 && restore.stderr.contains("backup") && restore.stderr.contains("read by other users"), "\(restore.stderr)")
    }

    @Test("hints fit what is damaged: a vault, a backup, an issuer store")
    func damageHints() throws {
        let s = Sandbox()
        s.enrollActive("alice")
        let store = s.env["IBKEY_ISSUER_STORE"]!
        #expect(s.run(["backup", "-o", s.path("b.bak"), "--kdf", "test"], env: s.secrets).status == 0)
        for path in [s.vault, store, s.path("b.bak")] {
            var b = s.bytes(path)
            b[b.count / 2] ^= 0x01
            try Data(b).write(to: URL(fileURLWithPath: path))
        }
        let vault = s.run(["users"])
        #expect(vault.status == 6 && vault.stderr.contains("hint: restore from a backup"), "\(vault.stderr)")
        let issuer = s.run(["issuer", "users"])
        #expect(issuer.status == 6 && issuer.stderr.contains("ibkey issuer init") && !issuer.stderr.contains("ibkey restore"), "\(issuer.stderr)")
        let backup = Sandbox().run(["restore", "--kdf", "test", s.path("b.bak")], env: ["IBKEY_RECOVERY_PIN": Fixture.recovery, "IBKEY_NEW_PIN": "6081-x"])
        #expect(backup.status == 6 && backup.stderr.contains("restore another"), "\(backup.stderr)")
    }

    @Test("a killed write's temp files are removed at the next whole write, under the lock")
    func strayTemporaries() throws {
        let s = enrolledSandbox(users: ["alice", "bob"])
        let folder = (s.vault as NSString).deletingLastPathComponent
        for name in ["vault.ibkey.tmp.a1b2c3", "vault.ibkey.tmp.0f", "other.tmp.a1", "vault.ibkey.tmp.notours"] {
            _ = FileManager.default.createFile(atPath: folder + "/" + name, contents: Data(s.bytes(s.vault)))
        }
        _ = s.run(["respond", "--user", "alice", "123456"], env: s.secrets) // in place: not a whole write
        #expect(FileManager.default.fileExists(atPath: folder + "/vault.ibkey.tmp.a1b2c3"))
        #expect(s.run(["remove", "--user", "bob"], env: s.secrets).status == 0)
        let left = try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
        #expect(left == ["other.tmp.a1", "vault.ibkey", "vault.ibkey.lock", "vault.ibkey.tmp.notours"], "\(left)")
    }

    @Test("an issuer store with a second hard link is refused")
    func issuerHardLink() {
        let s = Sandbox()
        _ = s.run(["issuer", "init"])
        let store = s.env["IBKEY_ISSUER_STORE"]!
        #expect(link(store, s.path("copy.store")) == 0)
        let r = s.run(["issuer", "add-user", "alice"])
        #expect(r.status == 2 && r.stderr.contains("hard links"), "\(r.stderr)")
    }

    @Test("a slot edited to another KDF level is damage (exit 6), not a wrong PIN, and uses no attempt")
    func editedSlot() throws {
        let s = enrolledSandbox()
        var b = s.bytes(s.vault)
        // First slot's opslimit (offset 17), test level 1 → 2: not a level with 8 KiB.
        b[20] = 2
        Crafting.fixRecordFormatChecksums(&b)
        try Data(b).write(to: URL(fileURLWithPath: s.vault))
        let r = s.run(["respond", "123456"], env: s.secrets)
        #expect(r.status == 6 && r.stderr.contains("known levels"), "\(r.stderr)")
        #expect(s.bytes(s.vault) == b)
    }

    @Test("a FIFO where the vault, the issuer store or a key file should be: refused at once, never waited on")
    func fifos() {
        let s = Sandbox()
        try? FileManager.default.createDirectory(atPath: (s.vault as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        #expect(mkfifo(s.vault, 0o600) == 0)
        for args in [["users"], ["status"], ["respond", "123456"]] {
            let r = s.run(args, env: s.secrets)
            #expect(r.status != 0 && r.stderr.contains("not a regular file"), "\(args): \(r.stderr)")
        }
        #expect(s.run(["issuer", "init"]).status == 0)
        unlink(s.env["IBKEY_ISSUER_STORE"]!)
        #expect(mkfifo(s.env["IBKEY_ISSUER_STORE"]!, 0o600) == 0)
        let issuer = s.run(["issuer", "users"])
        #expect(issuer.status != 0 && issuer.stderr.contains("not a regular file"), "\(issuer.stderr)")
        #expect(mkfifo(s.path("key.pskc"), 0o600) == 0)
        let imp = s.run(["import", s.path("key.pskc")] + Fixture.kdf, env: s.secrets)
        #expect(imp.status == 2 && imp.stderr.contains("not a regular file"), "\(imp.stderr)")
    }
}
