import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// The low and informational findings of the third security review
/// (Docs/THREAT-MODEL.md, "Promises"), each as users meet it. The high and
/// medium ones have their own files: UpgradeCounterTests, CountBeforeTryTests,
/// ForgedRecoveryTests; look-alike names: LookAlikeNameTests.
@Suite("security review 3: the low findings")
struct SecurityRoundThreeTests {
    static let exportPassword = "export pässword 7"

    // MARK: pin change is no recovery-PIN oracle

    @Test("pin change never tries a new PIN on the recovery slot: one equal to the recovery PIN is taken like any other, nothing counted")
    func pinChangeIsNoOracle() throws {
        let s = enrolledSandbox()
        // A new PIN that happens to equal the recovery PIN (it is a valid PIN too).
        let r = s.run(["pin", "change"], env: s.secrets.merging(["IBKEY_NEW_PIN": Fixture.recovery]) { $1 })
        #expect(r.status == 0, "\(r.stderr)")
        #expect(!r.stderr.contains("recovery"), "the answer tells something about the recovery PIN: \(r.stderr)")
        let st = try #require(json(s.run(["status", "--json"]).stdout) as? [String: Any])
        #expect(st["failed_recovery_attempts"] as? Int == 0 && st["failed_pin_attempts"] as? Int == 0, "\(st)")
        #expect(s.run(["respond", "111111"], env: ["IBKEY_PIN": Fixture.recovery]).status == 0)
    }

    // MARK: an IB Key data file costs CPU in proportion to its size

    @Test("a 1 MiB IB Key data file of a quarter of a million skipped values is read in well under 2 s of CPU")
    func largeDataFileIsCheap() throws {
        let s = Sandbox()
        let count = (1 << 20) / 4 - 200
        let filler = "[" + Array(repeating: "\"a\"", count: count).joined(separator: ",") + "]"
        let file = s.file("big.json", #"{"pin": "1234", "ocra": "ae7ea584ec7cfaffccca2a4238f8f1fb8e26d5da", "counter": 1, "x": "# + filler + "}")
        #expect(s.bytes(file).count > 1_000_000 && s.bytes(file).count <= 1 << 20)
        let (r, cpu) = s.waitMeasuring(s.spawn(["import", "--user", "big"] + Fixture.kdf + [file], env: s.secrets))
        #expect(r.status == 0, "\(r.stderr)")
        // 0.3.0 spent 10 to 23 s here (a guarded allocation per skipped value);
        // the bound is about 1 s per MiB on a slow machine, and CPU time does
        // not grow when the machine is busy.
        #expect(cpu < 2.0, "import used \(cpu) s of CPU for a 1 MiB data file")
    }

    // MARK: an export cannot be edited without its password

    @Test("an ibkey export whose encrypted counter was swapped for a plain one is refused as damaged (exit 6), nothing added")
    func editedExportRefused() throws {
        let a = enrolledSandbox()
        #expect(a.run(["respond", "111111"], env: a.secrets).status == 0) // counter 1 → 2
        let file = a.path("alice.pskc")
        let exp = a.run(["export", "--user", "alice", "--output", file], env: a.secrets.merging(["IBKEY_EXPORT_PASSWORD": Self.exportPassword]) { $1 })
        #expect(exp.status == 0, "\(exp.stderr)")
        let text = String(decoding: a.bytes(file), as: UTF8.self)
        // The Counter element, whatever its prefix, with its EncryptedValue and ValueMAC: rewound to 0 in the clear.
        let counter = try #require(text.range(of: #"(?s)<([A-Za-z0-9]+:)?Counter>.*?</([A-Za-z0-9]+:)?Counter>"#, options: .regularExpression),
                                   "no Counter in the export")
        let prefix = text[counter].hasPrefix("<pskc:") ? "pskc:" : ""
        let edited = text.replacingCharacters(in: counter, with: "<\(prefix)Counter><\(prefix)PlainValue>0</\(prefix)PlainValue></\(prefix)Counter>")
        #expect(edited != text)
        let forged = a.file("edited.pskc", edited)
        let b = Sandbox()
        let env = b.secrets.merging(["IBKEY_IMPORT_PASSWORD": Self.exportPassword]) { $1 }
        let r = b.run(["import"] + Fixture.kdf + [forged], env: env)
        #expect(r.status == 6, "\(r.stderr)")
        #expect(r.stdout.isEmpty)
        #expect(r.stderr.hasPrefix("ibkey: error: ") && r.stderr.contains("in the clear") && r.stderr.contains("ibkey export"), "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: b.vault), "a vault was made from a refused file")
        // The file as exported imports, at its counter.
        let ok = b.run(["import", "--json"] + Fixture.kdf + [file], env: env)
        #expect(ok.status == 0, "\(ok.stderr)")
        #expect(ok.stdout.contains(#""counter":2"#), "\(ok.stdout)")
    }

    @Test("another tool's encrypted file with its counter in the clear imports, with a warning that no MAC covers the counter")
    func plainCounterInEncryptedFileWarned() throws {
        let s = Sandbox()
        var spec = PSKCSpec(protection: "pbkdf2", keys: [PSKCKeySpec(id: "k1", suite: "OCRA-1:HOTP-SHA1-8:C-QN06",
                                                                     secretHex: String(repeating: "3a", count: 20), counter: 41, userid: "eve")])
        spec.password = "vendor pw"
        spec.fields = ["secret"] // the counter stays a PlainValue, as RFC 6030's figures have it
        let file = Peers.writePSKC(s, "vendor.pskc", spec)
        #expect(String(decoding: s.bytes(file), as: UTF8.self).contains("PlainValue>41<"), "python-pskc wrote the counter encrypted")
        let r = s.run(["import", "--json"] + Fixture.kdf + [file], env: s.secrets.merging(["IBKEY_IMPORT_PASSWORD": "vendor pw"]) { $1 })
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains(#""counter":41"#), "\(r.stdout)")
        #expect(r.stderr.contains("ibkey: warning: the counter of key k1 was in the clear in an encrypted file"), "\(r.stderr)")
        // With the counter encrypted too, no warning.
        spec.fields = ["secret", "counter"]
        let t = Sandbox()
        let clean = t.run(["import"] + Fixture.kdf + [Peers.writePSKC(t, "vendor.pskc", spec)],
                          env: t.secrets.merging(["IBKEY_IMPORT_PASSWORD": "vendor pw"]) { $1 })
        #expect(clean.status == 0 && !clean.stderr.contains("in the clear"), "\(clean.stderr)")
    }

    // MARK: no default path depends on the working folder

    /// The home the password database gives this user.
    static var passwdHome: String? { getpwuid(getuid()).map { String(cString: $0.pointee.pw_dir) } }

    @Test("with HOME unset or relative, and XDG_DATA_HOME relative, the default vault is under the password database's home",
          arguments: [["XDG_DATA_HOME": "data"], ["HOME": "relative/home"], ["HOME": "relative/home", "XDG_DATA_HOME": "rel"]])
    func homeFromPasswordDatabase(_ extra: [String: String]) throws {
        let home = try #require(Self.passwdHome)
        let s = Sandbox()
        s.env = ["PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"].merging(extra) { $1 }
        let r = s.run(["status", "--json"])
        #expect(r.status == 0, "\(r.stderr)")
        let st = try #require(json(r.stdout) as? [String: Any])
        #expect(st["path"] as? String == home + "/.local/share/ibkey/vault.ibkey", "\(st)")
        // The issuer's store too.
        let i = s.run(["issuer", "users", "--json"])
        #expect(!i.stderr.contains("relative/home") && !i.stderr.contains(" rel/"), "\(i.stderr)")
    }

    @Test("with HOME unset and no password-database entry, a command that needs the default path exits 2 and says what to set",
          .enabled(if: getuid() == 0 && FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv"), "needs root and setpriv to run as a user without a passwd entry"))
    func noHomeAnywhere() throws {
        let s = Sandbox()
        chmod(s.dir, 0o755) // the unnamed user must reach the binary's folder and the script
        let uid = (50_000...59_999).first { getpwuid(uid_t($0)) == nil }!
        let script = s.file("nohome.sh", """
            exec /usr/bin/setpriv --reuid=\(uid) --regid=\(uid) --clear-groups env -i PATH=/usr/bin:/bin "$@"
            """, mode: 0o755)
        let r = s.run([script, Binary.path, "status"], executable: "/bin/bash")
        #expect(r.status == 2, "\(r.stdout) \(r.stderr)")
        #expect(r.stdout.isEmpty)
        #expect(r.stderr.hasPrefix("ibkey: error: no home folder"), "\(r.stderr)")
        #expect(r.stderr.contains("hint: set HOME"), "\(r.stderr)")
        // --vault needs no home.
        let given = s.run([script, Binary.path, "status", "--vault", "/nonexistent/v.ibkey"], executable: "/bin/bash")
        #expect(given.status == 0, "\(given.stderr)")
    }

    // MARK: strays and copies

    @Test("a killed export's or issuer init's temporary files are removed by the next write of the same file")
    func straysRemoved() throws {
        let s = enrolledSandbox()
        let out = s.path("alice.pskc")
        let exportStray = s.file("alice.pskc.tmp.a1b2c3", "half an export")
        let env = s.secrets.merging(["IBKEY_EXPORT_PASSWORD": Self.exportPassword]) { $1 }
        #expect(s.run(["export", "--user", "alice", "--output", out], env: env).status == 0)
        #expect(!FileManager.default.fileExists(atPath: exportStray), "the export's stray is still there")
        // issuer init: its key file (a plain 32-byte key) and the store.
        let store = s.env["IBKEY_ISSUER_STORE"]!
        try FileManager.default.createDirectory(atPath: (store as NSString).deletingLastPathComponent, withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o700])
        let keyStray = s.file("issuer/issuer.store.key.tmp.0f9e", String(repeating: "k", count: 32))
        let storeStray = s.file("issuer/issuer.store.tmp.77", "old store")
        let notOurs = s.file("issuer/issuer.store.key.tmp.zz", "not a temp name ibkey makes")
        #expect(s.run(["issuer", "init"]).status == 0)
        #expect(!FileManager.default.fileExists(atPath: keyStray) && !FileManager.default.fileExists(atPath: storeStray), "issuer init left strays")
        #expect(FileManager.default.fileExists(atPath: notOurs))
    }

    @Test("every copy of an IBKEY_* secret in the environment block is wiped, not only the first")
    func everyCopyWiped() throws {
        let s = enrolledSandbox()
        let fifo = s.path("stdin.fifo")
        #expect(mkfifo(fifo, 0o600) == 0)
        let block = s.env.map { "\($0.key)=\($0.value)" } + [
            "IBKEY_PIN=\(Fixture.pin)", "IBKEY_RECOVERY_PIN=first-copy-r7", "IBKEY_PIN=second-copy-pin", "IBKEY_RECOVERY_PIN=second-copy-r7",
        ]
        let pid = s.spawn(["respond", "-"], stdinFIFO: fifo, environmentBlock: block)
        defer { kill(pid, SIGKILL); _ = s.wait(pid) }
        // Unlocked (with the first copy, as getenv reads it) and waiting for challenges.
        #expect(waitUntil { ProcState.holdsLock(pid) && ProcState.isReadingPipe(pid) }, "respond never unlocked")
        let environ = try Data(contentsOf: URL(fileURLWithPath: "/proc/\(pid)/environ"))
        let text = String(decoding: environ, as: UTF8.self)
        for secret in [Fixture.pin, "first-copy-r7", "second-copy-pin", "second-copy-r7"] {
            #expect(!text.contains(secret), "'\(secret)' is still in the process's environment block")
        }
        #expect(text.contains("IBKEY_VAULT="), "the environment block was not read")
    }
}
