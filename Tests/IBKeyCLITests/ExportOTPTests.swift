import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif
import IBKeyCore

/// `ibkey export` of TOTP and HOTP accounts: `--format otpauth` to a file,
/// to stdout, as a QR code on a terminal, and what it refuses; and the PSKC
/// export with RFC 6030's algorithm URIs, read by python-pskc. The accounts
/// are put in the vault through the core (`addOTPAccounts`), so these tests
/// depend on no import path.
@Suite("export: TOTP and HOTP accounts")
struct ExportOTPTests {
    static let password = "export pw 1"

    static let accounts = [
        OTPFixtureAccount(name: "github", suite: "TOTP-SHA1-6-30", keyHex: "3132333435363738393031323334353637383930", issuer: "GitHub"),
        OTPFixtureAccount(name: "bank w", suite: "TOTP-SHA256-8-60", keyHex: OTPFixtureAccount.rfc6238Key("SHA256"), issuer: "Example Bank & Co"),
        OTPFixtureAccount(name: "ssh", suite: "HOTP-SHA512-7", keyHex: OTPFixtureAccount.rfc6238Key("SHA512"), counter: 7),
        OTPFixtureAccount(name: "short", suite: "TOTP-SHA1-6-15", keyHex: "00112233445566778899"),
    ]

    /// A vault with an OCRA user (`alice`, enrolled) and the accounts above.
    static func vault() -> Sandbox {
        let s = enrolledSandbox()
        s.addOTPAccounts(accounts)
        return s
    }

    static let times: [Int64] = [0, 59, 1_111_111_109, 1_900_000_000, 20_000_000_000]
    static let counters: [UInt64] = [0, 6, 7, 8, 1 << 40]

    /// pyotp reads `uri` as the account `a` is, and its codes are OTPGenerator's.
    /// pyotp refuses keys under 112 bits: those (services issue 80-bit keys)
    /// are read with Foundation's URL parser and checked with oathtool.
    static func expectPyOTP(_ s: Sandbox, _ uri: String, is a: OTPFixtureAccount, sourceLocation: SourceLocation = #_sourceLocation) throws {
        if a.keyHex.count < 28 { return try expectOathtool(s, uri, is: a, sourceLocation: sourceLocation) }
        let py = try #require(OTPPeer.read(s, [uri], times: times, counters: counters).first, sourceLocation: sourceLocation)
        #expect(py.error == nil, "\(a.name): \(py.error ?? "")", sourceLocation: sourceLocation)
        let suite = try OTPSuite(a.suite)
        #expect(py.secretHex == a.keyHex && py.digest == suite.hash.rawValue.lowercased() && py.digits == suite.digits,
                "\(a.name): \(py)", sourceLocation: sourceLocation)
        #expect(py.name == a.name && py.issuer == a.issuer, "\(a.name): \(py)", sourceLocation: sourceLocation)
        if suite.usesCounter {
            #expect(py.type == "hotp" && py.initialCount == a.counter, "\(a.name): \(py)", sourceLocation: sourceLocation)
            #expect(py.atCounters == (try OTPPeer.ownCodes(py, suite: a.suite, counters: counters)), sourceLocation: sourceLocation)
        } else {
            #expect(py.type == "totp" && py.interval == suite.period, "\(a.name): \(py)", sourceLocation: sourceLocation)
            #expect(py.atTimes == (try OTPPeer.ownCodes(py, suite: a.suite, times: times)), sourceLocation: sourceLocation)
        }
    }

    static func expectOathtool(_ s: Sandbox, _ uri: String, is a: OTPFixtureAccount, sourceLocation: SourceLocation) throws {
        let parts = try #require(URLComponents(string: uri), sourceLocation: sourceLocation)
        var query: [String: String] = [:]
        for item in parts.queryItems ?? [] { query[item.name] = item.value }
        let suite = try OTPSuite(a.suite)
        #expect(parts.scheme == "otpauth" && parts.host == "totp" && parts.path == "/" + a.name, "\(uri)", sourceLocation: sourceLocation)
        #expect(query["algorithm"] == suite.hash.rawValue && query["digits"] == String(suite.digits) && query["period"] == suite.period.map(String.init),
                "\(uri)", sourceLocation: sourceLocation)
        let secret = try #require(query["secret"], sourceLocation: sourceLocation)
        let gen = OTPGenerator(suite: suite, key: SecureBytes(copying: Coding.bytes(hex: a.keyHex)))
        for t in times {
            let r = s.run(["--totp=\(suite.hash.rawValue)", "-d", String(suite.digits), "-s", "\(suite.period ?? 30)s", "-b", "--now", "@\(t)", secret],
                          env: ["TZ": "UTC"], executable: "/usr/bin/oathtool")
            let own = try gen.code(at: t)
            #expect(r.status == 0 && r.out == own, "oathtool at \(t): \(r.stdout) \(r.stderr)", sourceLocation: sourceLocation)
        }
    }

    @Test("--format otpauth -o FILE: one line, 0600, pyotp reads the account (HOTP from its next counter); never over a file (7)")
    func toFile() throws {
        let s = Self.vault()
        let vaultBefore = s.bytes(s.vault)
        for (i, a) in Self.accounts.enumerated() {
            let path = s.path("export\(i).uri")
            let r = s.run(["export", "--user", a.name, "--format", "otpauth", "-o", path], env: s.secrets)
            #expect(r.status == 0 && r.stdout.isEmpty, "\(a.name): \(r.stderr)")
            var st = stat()
            #expect(stat(path, &st) == 0 && st.st_mode & 0o777 == 0o600, "mode \(String(st.st_mode & 0o777, radix: 8))")
            let text = String(decoding: s.bytes(path), as: UTF8.self)
            #expect(text.hasSuffix("\n") && text.split(separator: "\n").count == 1, "\(text)")
            try Self.expectPyOTP(s, String(text.dropLast()), is: a)
            // ibkey's own reader takes it back as the same account.
            let back = try OTPAuthURI.parse(SecureBytes(copying: Array(text.dropLast().utf8)))
            #expect(back.secret.unprotectedCopy() == Coding.bytes(hex: a.keyHex) && back.suite.text == a.suite)
            let warned = r.stderr.contains("ibkey: warning: the URI carries 'ssh's next counter (7)")
            #expect(warned == (a.counter > 0), "\(r.stderr)")
            #expect(!r.stderr.contains("otpauth://"), "the URI is not on stderr")
            expectRefused(s, ["export", "--user", a.name, "--format", "otpauth", "-o", path], status: 7,
                          contains: "\(path) already exists; ibkey does not overwrite it")
            #expect(String(decoding: s.bytes(path), as: UTF8.self) == text, "the file is unchanged")
        }
        #expect(s.bytes(s.vault) == vaultBefore, "export changed the vault")
    }

    @Test("--format otpauth to standard output ('-', the default): the URI and a newline, nothing else")
    func toStdout() throws {
        let s = Self.vault()
        for args in [["-o", "-"], []] {
            let r = s.run(["export", "--user", "github", "--format", "otpauth"] + args, env: s.secrets)
            #expect(r.status == 0 && r.lines.count == 1 && r.stdout.hasSuffix("\n"), "\(r.stdout) \(r.stderr)")
            // The line Docs/IMPORT.md ("otpauth") shows.
            #expect(r.stdout == "otpauth://totp/GitHub:github?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=GitHub&algorithm=SHA1&digits=6&period=30\n",
                    "\(r.stdout)")
            try Self.expectPyOTP(s, r.out, is: Self.accounts[0])
        }
    }

    @Test("refusals before any PIN: an OCRA user, options that do not fit, no terminal for --qr; the vault unchanged, no file")
    func refusals() {
        let s = Self.vault()
        let out = s.path("out.uri")
        expectRefused(s, ["export", "--user", "alice", "--format", "otpauth", "-o", out], status: 2,
                      contains: "'alice' is an OCRA user: an otpauth URI carries TOTP and HOTP accounts only\nhint: export it as a PSKC file: ibkey export alice --format pskc -o FILE")
        expectRefused(s, ["export", "--user", "nobody", "--format", "otpauth", "-o", out], status: 5, contains: "no user 'nobody'")
        expectRefused(s, ["export", "--user", "github", "--qr", "-o", out], status: 2, contains: "--qr draws an otpauth URI; add --format otpauth")
        expectRefused(s, ["export", "--user", "github", "--format", "otpauth", "--qr", "-o", out], status: 2,
                      contains: "--qr draws on the terminal; leave out --output")
        expectRefused(s, ["export", "--user", "github", "--format", "otpauth", "--password-file", s.file("pw", "x\n")], status: 2,
                      contains: "an otpauth URI has no password")
        expectRefused(s, ["export", "--user", "github", "--format", "qr"], status: 2)
        expectRefused(s, ["export", "--user", "github", "--format", "otpauth", "--qr"], status: 2,
                      contains: "--qr draws a QR code on a terminal, and standard output is not one")
        expectRefused(s, ["export", "--user", "github", "--format", "otpauth", "-o", out], env: ["IBKEY_PIN": Fixture.pin], status: 2,
                      contains: "--recovery-pin")
        #expect(!FileManager.default.fileExists(atPath: out))
        // A wrong recovery PIN is counted (its one write) and nothing is exported.
        let wrong = s.run(["export", "--user", "github", "--format", "otpauth", "-o", out],
                          env: ["IBKEY_PIN": Fixture.pin, "IBKEY_RECOVERY_PIN": "zz9#q"])
        #expect(wrong.status == 3 && wrong.stdout.isEmpty && wrong.stderr.hasPrefix("ibkey: error: wrong recovery PIN"), "\(wrong.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out))
    }

    @Test("on a terminal: text is refused (2); --qr says what it is, then draws exactly the URI", .enabled(if: TerminalQR.available))
    func terminal() throws {
        let s = Self.vault()
        let refused = try PTY.session(s, args: ["export", "--user", "github", "--format", "otpauth"], steps: [], env: s.secrets)
        #expect(refused.status == 2, "\(refused.screen)")
        #expect(refused.screen.contains("ibkey: error: refusing to write an otpauth URI (it holds the key) to a terminal"), "\(refused.screen)")
        #expect(!refused.screen.contains("otpauth://"), "\(refused.screen)")
        let uri = s.run(["export", "--user", "ssh", "--format", "otpauth"], env: s.secrets).out
        try #require(uri.hasPrefix("otpauth://hotp/ssh?"))
        let r = try PTY.session(s, args: ["export", "--user", "ssh", "--format", "otpauth", "--qr"], steps: [["expect", "scan"]], env: s.secrets)
        #expect(r.status == 0, "\(r.screen)")
        let screen = r.screen.replacingOccurrences(of: "\r", with: "")
        let caption = try #require(screen.range(of: "ibkey: the HOTP account 'ssh' as an otpauth QR code, for an authenticator app to scan"), "\(screen)")
        let drawing = try #require(screen.range(of: TerminalQR.colours))
        #expect(caption.upperBound <= drawing.lowerBound, "the caption comes first")
        #expect(!screen.contains("otpauth://"), "the URI is drawn, not printed")
        #expect(screen.contains("ibkey: warning: the QR code carries 'ssh's next counter (7)"), "\(screen)")
        let grid = TerminalQR.grid(screen)
        #expect(grid.count >= 25 && grid == TerminalQR.expected(s, uri), "the QR code holds exactly the URI")
    }

    @Test("PSKC export of TOTP and HOTP accounts: python-pskc reads key, algorithm URI, hash, digits, counter or period, issuer")
    func pskc() throws {
        let s = Self.vault()
        let env = s.secrets.merging(["IBKEY_EXPORT_PASSWORD": Self.password]) { $1 }
        for a in Self.accounts.prefix(3) {
            let path = s.path("\(a.name).pskc")
            let r = s.run(["export", "--user", a.name, "--format", "pskc", "-o", path], env: env)
            #expect(r.status == 0, "\(a.name): \(r.stderr)")
            let xml = String(decoding: s.bytes(path), as: UTF8.self)
            #expect(!xml.contains("PlainValue"), "every value is encrypted and MACed")
            let suite = try OTPSuite(a.suite)
            switch Peers.readPSKC(s, path, password: Self.password) {
            case .failure(let e): Issue.record("python-pskc cannot read the export of \(a.name): \(e)")
            case .success(let keys):
                let k = try #require(keys.first)
                #expect(keys.count == 1 && k.secretHex == a.keyHex && k.id == a.name && k.userid == a.name)
                #expect(k.algorithm == (suite.usesCounter ? "urn:ietf:params:xml:ns:keyprov:pskc:hotp" : "urn:ietf:params:xml:ns:keyprov:pskc#totp"))
                #expect(k.suite == "HMAC-\(suite.hash.rawValue)", "the hash, which the URI cannot say")
                #expect(k.responseLength == suite.digits && k.responseEncoding == "DECIMAL")
                #expect(k.issuer == a.issuer)
                if suite.usesCounter {
                    #expect(k.counter == a.counter && k.timeInterval == nil && k.timeOffset == nil)
                } else {
                    #expect(k.timeInterval == suite.period && k.timeOffset == 0 && k.counter == nil)
                }
                #expect(k.macAlgorithm == "http://www.w3.org/2001/04/xmldsig-more#hmac-sha256")
            }
            let warned = r.stderr.contains("ibkey: warning: the file carries 'ssh's next counter (7)")
            #expect(warned == suite.usesCounter, "\(r.stderr)")
        }
    }
}
