import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Every way an import of TOTP and HOTP accounts is refused: the documented
/// exit code, one `ibkey: error:` line (and a hint), nothing on stdout, no
/// secret in the message, and the vault's folder byte for byte as it was.
@Suite("import refusals: TOTP and HOTP accounts")
struct ImportOTPRefusalTests {
    static let secret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
    static let good = "otpauth://totp/Acme:alice?secret=\(secret)&issuer=Acme"

    /// A vault holding alice (OCRA) and 'taken' (TOTP).
    static func sandbox() -> Sandbox {
        let s = enrolledSandbox()
        s.addOTPAccounts([OTPFixtureAccount(name: "taken", suite: "TOTP-SHA1-6-30", keyHex: String(repeating: "ab", count: 20))])
        return s
    }

    @Test("each refusal of an otpauth URI in a file says which line and which parameter (exit 2), never the secret",
          arguments: [
            ("otpauth://totp/a?secret=" + String(repeating: "A", count: 70_000), "the link is longer than 65536 bytes"),
            ("https://example.com/2fa", "not an otpauth:// or otpauth-migration:// link"),
            ("otpauth://totp/a\u{7}b?secret=\(secret)", "the link holds a control character"),
            ("otpauth://totp/a?issuer=x", "secret is missing"),
            ("otpauth://hotp/a?secret=\(secret)", "counter is missing"),
            ("otpauth://totp/a?secret=\(secret)&Secret=\(secret)", "secret is given more than once"),
            ("otpauth://motp/a?secret=\(secret)", "type must be totp or hotp"),
            ("otpauth://totp/a%zz?secret=\(secret)", "label holds a '%'"),
            ("otpauth://totp/a?secret=\(secret)1", "secret is not base32"),
            ("otpauth://totp/a?secret=GEZDGNBVGY3TQOJ", "secret is 9 bytes"),
            ("otpauth://totp/a?secret=\(String(repeating: "A", count: 208))", "secret is 130 bytes"),
            ("otpauth://totp/a?secret=\(secret)&algorithm=MD5", "algorithm must be SHA1, SHA256 or SHA512"),
            ("otpauth://totp/a?secret=\(secret)&digits=5", "digits must be 6, 7 or 8, got 5"),
            ("otpauth://totp/a?secret=\(secret)&digits=9", "digits must be 6, 7 or 8, got 9"),
            ("otpauth://totp/a?secret=\(secret)&period=0", "period must be 1 to 300 seconds, got 0"),
            ("otpauth://totp/a?secret=\(secret)&period=301", "period must be 1 to 300 seconds, got 301"),
            ("otpauth://hotp/a?secret=\(secret)&counter=-1", "counter must be a whole number"),
            ("otpauth://totp/a?secret=\(secret)&issuer=%FF", "issuer is not UTF-8 text"),
            ("otpauth://totp/a%0Ab?secret=\(secret)", "name contains a control or format character"),
            ("otpauth://totp/?secret=\(secret)", "account name is missing"),
          ] as [(String, String)])
    func uriRefusals(_ bad: String, _ says: String) {
        let s = Self.sandbox()
        // As the second link of a file, and alone from standard input.
        let r = expectRefused(s, ["import", s.file("bad.txt", Self.good + "\n" + bad + "\n")], status: 2, contains: "line 2: " + says,
                              secrets: [Self.secret, String(repeating: "A", count: 100)])
        #expect(!r.stderr.contains("GEZDGNBV"), "\(r.stderr)")
        // (Alone, text that is no link is no key file at all.)
        expectRefused(s, ["import", "-"], stdin: bad, status: 2, contains: bad.hasPrefix("otpauth") ? "invalid otpauth link: " + says : "not a key file",
                      secrets: [Self.secret])
        #expect(s.userNames() == ["alice", "taken"])
    }

    @Test("each refusal of a migration link (exit 2): no data, not base64, a damaged protobuf, no accounts, too many, a bad account named by its place")
    func migrationRefusals() {
        let s = Self.sandbox()
        let account: [String: Any] = ["secret": Self.secret, "name": "m", "type": "totp"]
        let cases: [(String, String)] = [
            ("otpauth-migration://offline", "data is missing"),
            ("otpauth-migration://online?data=CgA%3D", "a migration link starts otpauth-migration://offline"),
            ("otpauth-migration://offline?data=%%%", "data holds a '%'"),
            ("otpauth-migration://offline?data=***", "data is not base64"),
            ("otpauth-migration://offline?data=%2Fw%3D%3D", "the migration data is damaged"),
            (OTPPeers.migrationLink(s, raw: ["accounts": [], "version": 1]), "the migration link holds no accounts"),
            (OTPPeers.migrationLink(s, raw: Array(repeating: account, count: 1001)), "the migration link holds more than 1000 accounts"),
            (OTPPeers.migrationLink(s, raw: [account, account.merging(["digits": ["enum": 3]]) { $1 }]), "account 2: digits must be 1 (six) or 2 (eight), got 3"),
            (OTPPeers.migrationLink(s, raw: [account.merging(["algorithm": "MD5"]) { $1 }]), "account 1: algorithm MD5 is not supported"),
            (OTPPeers.migrationLink(s, raw: [account.merging(["type": 0]) { $1 }]), "account 1: type is unspecified"),
            (OTPPeers.migrationLink(s, raw: [["name": "m", "type": "totp"]]), "account 1: secret is missing"),
            (OTPPeers.migrationLink(s, raw: [["secret_hex": "010203040506070809", "name": "m", "type": "totp"]]), "account 1: secret is 9 bytes"),
        ]
        for (link, says) in cases {
            expectRefused(s, ["import", s.file("m.txt", Self.good + "\n" + link + "\n")], status: 2, contains: "line 2: " + says, secrets: [Self.secret])
        }
        #expect(s.userNames() == ["alice", "taken"])
    }

    @Test("a text of links is all or none: more than 1000 accounts in all; a line that is no link after good ones")
    func wholeText() {
        let s = Self.sandbox()
        let many = (0...1000).map { "otpauth://totp/u\($0)?secret=\(Self.secret)" }.joined(separator: "\n")
        expectRefused(s, ["import", s.file("many.txt", many)], status: 2, contains: "more than 1000 accounts")
        let mixed = Self.good + "\n" + "otpauth://totp/b?secret=\(Self.secret)\n" + "# a comment\n"
        expectRefused(s, ["import", s.file("mixed.txt", mixed)], status: 2, contains: "line 3: not an otpauth")
        #expect(s.userNames() == ["alice", "taken"])
    }

    @Test("names: two accounts of one name (2), a name taken (7), --user with two accounts (2), a name or issuer the vault cannot hold (2, with the way out)")
    func names() {
        let s = Self.sandbox()
        let two = s.file("two.txt", Self.good + "\n" + Self.good.replacingOccurrences(of: "Acme", with: "Other") + "\n")
        expectRefused(s, ["import", two], status: 2, contains: "both named 'alice' (line 1 and line 2)")
        expectRefused(s, ["import", "--user", "solo", two], status: 2, contains: "holds 2 accounts; --user names one")
        let pair = s.file("pair.txt", Self.good + "\n" + Self.good.replacingOccurrences(of: "alice", with: "bob") + "\n")
        expectRefused(s, ["import", "--issuer", "X", pair], status: 2, contains: "--issuer names the service of one account")
        expectRefused(s, ["import", s.file("taken.txt", "otpauth://totp/taken?secret=\(Self.secret)")], status: 7, contains: "'taken'")
        // An OCRA user's name is taken as surely, and the second account's name decides for the first too.
        expectRefused(s, ["import", s.file("alice.txt", "otpauth://totp/new?secret=\(Self.secret)\notpauth://totp/X:alice?secret=\(Self.secret)")],
                      status: 7, contains: "'alice'")
        let long = String(repeating: "n", count: 65)
        let r = expectRefused(s, ["import", s.file("long.txt", "otpauth://totp/\(long)?secret=\(Self.secret)")], status: 2, contains: "1 to 64 bytes")
        #expect(r.stderr.contains("hint: import that account alone") && r.stderr.contains("--user NAME"), "\(r.stderr)")
        let issuer = expectRefused(s, ["import", s.file("issuer.txt", "otpauth://totp/ok?secret=\(Self.secret)&issuer=\(long)")],
                                   status: 2, contains: "cannot keep its issuer")
        #expect(issuer.stderr.contains("--issuer TEXT"), "\(issuer.stderr)")
        expectRefused(s, ["import", s.file("space.txt", "otpauth://totp/ok%20?secret=\(Self.secret)")], status: 2, contains: "must not start or end with a space")
        // A name in a PSKC file that the vault cannot hold still points at --key-id.
        var hotp = PSKCKeySpec(id: "H1", algorithm: "urn:ietf:params:xml:ns:keyprov:pskc:hotp", secretHex: String(repeating: "12", count: 20))
        hotp.userid = long
        expectRefused(s, ["import", Peers.writePSKC(s, "long.pskc", PSKCSpec(keys: [hotp]))], status: 2, contains: "--key-id")
        // With --user and --issuer the same accounts go in.
        #expect(s.run(["import", "--user", "long", "--issuer", "Short", s.path("issuer.txt")], env: s.secrets).status == 0)
        #expect(s.userNames() == ["alice", "taken", "long"])
    }

    @Test("a link on the command line is refused (2) without quoting it, in any case and any place, with the ways that work")
    func linkInArgv() {
        let s = Self.sandbox()
        for args in [["import", Self.good], ["import", "OTPAUTH://TOTP/a?SECRET=\(Self.secret)"], ["import", "--user", "x", "--", Self.good],
                     ["import", "otpauth-migration://offline?data=\(Self.secret)"], ["import", Self.good, "--bogus"],
                     ["import", "--totp", "--user", "x", Self.good], ["import", "--user=" + Self.good], ["import", " " + Self.good]] {
            let r = expectRefused(s, args, status: 2, contains: "an otpauth link holds its secret", secrets: [Self.secret, "GEZDGNBV"])
            #expect(r.stderr.contains("hint: save it in a file only you can read") && r.stderr.contains("'ibkey import -'"), "\(r.stderr)")
        }
        #expect(s.userNames() == ["alice", "taken"])
    }

    @Test("--totp and --hotp: options that contradict (2), parameters out of range (2), secrets that are no key (2, never echoed)")
    func rawRefusals() {
        let s = Self.sandbox()
        let env = s.secrets.merging(["IBKEY_SECRET": Self.secret]) { $1 }
        let usage: [([String], String)] = [
            (["--totp", "--hotp", "--user", "x"], "exclude each other"),
            (["--totp", "--suite", "OCRA-1:HOTP-SHA1-6:QN08", "--user", "x"], "--suite is for an OCRA key"),
            (["--totp", "--user", "x", "file.txt"], "leave out FILE"),
            (["--totp"], "needs --user NAME"),
            (["--hotp", "--user", "x", "--period", "60"], "--period is for --totp"),
            (["--totp", "--user", "x", "--counter", "3"], "--counter is for --hotp"),
            (["--totp", "--user", "x", "--digits", "5"], "--digits must be 6, 7 or 8, got 5"),
            (["--totp", "--user", "x", "--digits", "9"], "--digits must be 6, 7 or 8, got 9"),
            (["--totp", "--user", "x", "--period", "0"], "--period must be 1 to 300 seconds, got 0"),
            (["--totp", "--user", "x", "--period", "301"], "--period must be 1 to 300 seconds, got 301"),
            (["--totp", "--user", "x", "--algorithm", "MD5"], "--algorithm must be SHA1, SHA256 or SHA512"),
            (["--user", "x", "--algorithm", "SHA256", "--suite", "OCRA-1:HOTP-SHA1-6:QN08"], "are for --totp or --hotp"),
            (["--user", "x", "--issuer", "Acme", "--suite", "OCRA-1:HOTP-SHA1-6:QN08"], "--issuer is for a TOTP or HOTP account"),
            (["--totp", "--user", "x", "--key-id", "k"], "apply to PSKC files"),
            (["--totp", "--user", "taken"], "'taken'"),
            (["--hotp", "--user", "x", "--issuer", " Acme"], "must not start or end with a space"),
        ]
        for (args, says) in usage {
            expectRefused(s, ["import"] + args, env: env, status: args.contains("taken") ? 7 : 2, contains: says, secrets: [Self.secret])
        }
        for (bad, says) in [("GEZDGNBVGY3TQOJQ1", "not base32"), ("GEZDGNBVGY3TQOJ", "9 bytes"), ("GEZD=GNBVGY3TQOJQ", "padding in the middle"),
                            (String(repeating: "A", count: 208), "130 bytes"), ("3132333435363738393031323334353637383930", "not base32"), ("", "empty")] {
            expectRefused(s, ["import", "--totp", "--user", "x"], env: s.secrets.merging(["IBKEY_SECRET": bad]) { $1 }, status: 2, contains: bad.isEmpty ? nil : says,
                          secrets: bad.isEmpty ? [] : [bad, String(bad.prefix(12))])
        }
        expectRefused(s, ["import", "--hotp", "--user", "x"], status: 2, contains: "IBKEY_SECRET")
        expectRefused(s, ["import", "--totp", "--user", "x", "--secret-file", s.file("open", Self.secret, mode: 0o644)], status: 2, contains: "other users")
        // No FILE, no raw secret, no terminal: the ways to give a link.
        expectRefused(s, ["import"], status: 2, contains: "no terminal to ask for a link")
        expectRefused(s, ["import", "--secret-fd", "3"], fds: [3: Self.secret], status: 2, contains: "add --totp, --hotp or --suite")
        #expect(s.userNames() == ["alice", "taken"])
    }

    @Test("PSKC HOTP and TOTP keys ibkey cannot hold (2): digits 5 and 9, a hex code, a check digit, period 0 and 301, a start time, MD5")
    func pskcRefusals() {
        let s = Self.sandbox()
        func key(_ change: (inout PSKCKeySpec) -> Void) -> PSKCKeySpec {
            var k = PSKCKeySpec(id: "K1", algorithm: "urn:ietf:params:xml:ns:keyprov:pskc:totp", secretHex: String(repeating: "34", count: 20), userid: "pk")
            change(&k)
            return k
        }
        let cases: [(PSKCKeySpec, String)] = [
            (key { $0.responseLength = 5 }, "Length 5"), (key { $0.responseLength = 9 }, "Length 9"),
            (key { $0.responseLength = 6; $0.responseEncoding = "HEXADECIMAL" }, "HEXADECIMAL"),
            (key { $0.responseLength = 6; $0.responseCheck = true }, "CheckDigits"),
            (key { $0.timeInterval = 0 }, "TimeInterval 0"), (key { $0.timeInterval = 301 }, "TimeInterval 301"),
            (key { $0.timeOffset = 1 }, "Data/Time is 1"), (key { $0.suite = "HMAC-MD5" }, "HMAC-MD5"),
            (key { $0.algorithm = "urn:ietf:params:xml:ns:keyprov:pskc:hotp"; $0.secretHex = String(repeating: "34", count: 9) }, "9 bytes"),
        ]
        for (i, (k, says)) in cases.enumerated() {
            expectRefused(s, ["import", Peers.writePSKC(s, "k\(i).pskc", PSKCSpec(keys: [k]))], status: 2, contains: "key K1 ", secrets: [String(repeating: "34", count: 9)])
            expectRefused(s, ["import", s.path("k\(i).pskc")], status: 2, contains: says)
        }
        #expect(s.userNames() == ["alice", "taken"])
    }

    @Test("--key-id, --psk-file and --counter are for key files: refused with links (2)")
    func optionsForLinks() {
        let s = Self.sandbox()
        let file = s.file("one.txt", Self.good)
        for args in [["--key-id", "k"], ["--counter", "3"], ["--psk-file", ImportTests.pskFile(s, ImportTests.psk)]] {
            expectRefused(s, ["import"] + args + [file], status: 2, contains: "otpauth links carry their own parameters")
        }
        #expect(s.userNames() == ["alice", "taken"])
    }
}
