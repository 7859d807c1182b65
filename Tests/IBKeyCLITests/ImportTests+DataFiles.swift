import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// IB Key data files and raw secrets.
extension ImportTests {
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
    }}
