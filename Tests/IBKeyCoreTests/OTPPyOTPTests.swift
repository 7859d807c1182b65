import Foundation
import Testing
@testable import IBKeyCore

/// Cross-checks with PyPI `pyotp` (2.x), an independent implementation:
/// its provisioning URIs read here to the same account, its codes equal ours,
/// and it reads the URIs written here. Skipped (not passed) without pyotp:
/// `python3 -m pip install pyotp`.
@Suite("pyotp cross-checks", .enabled(if: OTPPython.hasPyOTP, "PyPI pyotp is not importable by python3"))
struct OTPPyOTPTests {
    typealias S = OTPTestSupport

    static let times: [Int64] = [0, 1, 29, 30, 59, 60, 299, 300, 1_111_111_109, 1_111_111_111, 1_234_567_890, 1_700_000_000,
                                 2_000_000_000, 20_000_000_000]
    static let counters: [UInt64] = [0, 1, 2, 9, 10, 99, 1000, 1 << 31, 1 << 32, 1 << 40, 1 << 62]

    /// Random accounts, their pyotp URIs and pyotp's codes. Names avoid what
    /// the Key Uri Format leaves ambiguous and pyotp reads otherwise: leading
    /// spaces (dropped here, as the format says) and a colon in a name
    /// without an issuer (a separator here, `%3A` being one by the format).
    static let generator = #"""
    import base64, hashlib, json, random, sys
    import pyotp
    rng = random.Random(int(sys.argv[1]))
    pieces = ["a", "Z", "0", " ", "%", "+", "&", "=", "?", "#", "/", "@", ".", "-", "_", "~", ":", "é", "日本", "😀", "'", '"']
    def text(n):
        return "".join(rng.choice(pieces) for _ in range(rng.randint(1, n)))
    times, counters = json.loads(sys.argv[2]), json.loads(sys.argv[3])
    out = []
    for i in range(int(sys.argv[4])):
        key = bytes(rng.randrange(256) for _ in range(rng.choice([16, 20, 32, 64, 100, 128])))
        secret = base64.b32encode(key).decode().rstrip("=")
        alg = rng.choice(["sha1", "sha256", "sha512"])
        digest = getattr(hashlib, alg)
        digits = rng.choice([6, 7, 8])
        issuer = rng.choice([None, text(8)])
        name = text(12)
        if issuer is None:
            name = name.replace(":", "")
        name = name.lstrip(" ") or "x"
        extra = {"image": "https://example.com/logo.png"} if rng.random() < 0.3 else {}
        case = {"secret_hex": key.hex(), "alg": alg.upper(), "digits": digits, "name": name, "issuer": issuer}
        if rng.random() < 0.4:
            counter = rng.choice([0, 1, 7, 2**32, rng.randrange(2**63)])
            otp = pyotp.HOTP(secret, digits=digits, digest=digest)
            case["uri"] = pyotp.HOTP(secret, digits=digits, digest=digest, initial_count=counter).provisioning_uri(name=name, issuer_name=issuer, **extra)
            case.update(counter=counter, codes=[[c, otp.at(c)] for c in counters])
        else:
            period = rng.choice([30, 30, 60, 15, 1, 45, 120])  # pyotp refuses periods over 120
            otp = pyotp.TOTP(secret, digits=digits, digest=digest, interval=period)
            case["uri"] = otp.provisioning_uri(name=name, issuer_name=issuer, **extra)
            case.update(period=period, codes=[[t, otp.at(t)] for t in times])
        out.append(case)
    print(json.dumps(out))
    """#

    static func json(_ value: some Encodable) -> String { String(decoding: try! JSONEncoder().encode(value), as: UTF8.self) }

    @Test("pyotp's URIs read to the account pyotp meant, and our codes are pyotp's at many times and counters")
    func pyotpURIs() throws {
        let seed = UInt32.random(in: 0...UInt32.max)
        let r = try OTPPython.run(["-c", Self.generator, String(seed), Self.json(Self.times), Self.json(Self.counters), "300"])
        try #require(r.status == 0, "pyotp generator (seed \(seed)): \(r.err)")
        let cases = try #require(try JSONSerialization.jsonObject(with: Data(r.out.utf8)) as? [[String: Any]])
        #expect(cases.count == 300)
        var hotp = 0
        for c in cases {
            let uri = c["uri"] as! String
            let a = try S.parse(uri)
            let period = c["period"] as? Int
            let suite = try OTPSuite(kind: period.map { .totp(period: $0) } ?? .hotp, hash: HashAlgorithm(rawValue: c["alg"] as! String)!,
                                     digits: c["digits"] as! Int)
            #expect(a.suite == suite, "\(uri) (seed \(seed))")
            #expect(S.hex(a.secret) == c["secret_hex"] as! String, "\(uri)")
            #expect(a.name == c["name"] as! String && a.issuer == c["issuer"] as? String, "\(uri): \(a.name) / \(a.issuer ?? "nil")")
            #expect(a.counter == (c["counter"] as? NSNumber)?.uint64Value, "\(uri)")
            if a.counter != nil { hotp += 1 }
            let generator = OTPGenerator(suite: a.suite, key: a.secret)
            for pair in c["codes"] as! [[Any]] {
                let n = (pair[0] as! NSNumber).int64Value, code = pair[1] as! String
                let ours = a.suite.usesCounter ? generator.code(counter: UInt64(n)) : try generator.code(at: n)
                #expect(ours == code, "\(uri) at \(n) (seed \(seed))")
            }
        }
        #expect(hotp > 50 && hotp < 250) // both kinds were checked
    }

    /// Reads each line's URI with pyotp.parse_uri; prints what pyotp understood
    /// and its codes. pyotp reads the empty prefix of `:a%3Ab` (a name with a
    /// colon, no issuer) as the issuer "", which is no issuer.
    static let reader = #"""
    import json, sys
    import pyotp
    times, counters = json.loads(sys.argv[1]), json.loads(sys.argv[2])
    out = []
    for line in sys.stdin:
        otp = pyotp.parse_uri(line.strip())
        hotp = isinstance(otp, pyotp.HOTP)
        base = pyotp.HOTP(otp.secret, digits=otp.digits, digest=otp.digest) if hotp else otp
        out.append({"secret_hex": otp.byte_secret().hex(), "name": otp.name, "issuer": otp.issuer or None, "digits": otp.digits,
                    "alg": otp.digest().name.upper(), "hotp": hotp, "counter": otp.initial_count if hotp else None,
                    "period": None if hotp else otp.interval,
                    "codes": [base.at(n) for n in (counters if hotp else times)]})
    print(json.dumps(out))
    """#

    @Test("pyotp reads the URIs written here to the same account and the same codes")
    func ourURIs() throws {
        var g = SystemRandomNumberGenerator()
        var accounts: [OTPAccount] = []
        for _ in 0..<200 {
            let kind: OTPSuite.Kind = Bool.random(using: &g) ? .hotp : .totp(period: [30, 60, 15, 1, 120].randomElement(using: &g)!) // pyotp: at most 120
            let suite = try OTPSuite(kind: kind, hash: HashAlgorithm.allCases.randomElement(using: &g)!, digits: Int.random(in: 6...8, using: &g))
            let issuer: String? = Bool.random(using: &g) ? OTPAuthURIWriterTests.randomText(8, &g) + "i" : nil
            accounts.append(try OTPAccount(suite: suite, secret: Random.secret(Int.random(in: 16...128, using: &g)), // pyotp wants 112 bits
                                           counter: suite.usesCounter ? UInt64.random(in: 0..<(1 << 63), using: &g) : nil,
                                           name: "n" + OTPAuthURIWriterTests.randomText(12, &g), issuer: issuer))
        }
        let lines = accounts.map { S.text(OTPAuthURI.uri(for: $0)) }.joined(separator: "\n") + "\n"
        let r = try OTPPython.run(["-c", Self.reader, Self.json(Self.times), Self.json(Self.counters)], stdin: lines)
        try #require(r.status == 0, "pyotp reader: \(r.err)")
        let read = try #require(try JSONSerialization.jsonObject(with: Data(r.out.utf8)) as? [[String: Any]])
        try #require(read.count == accounts.count)
        for (a, p) in zip(accounts, read) {
            let uri = S.text(OTPAuthURI.uri(for: a))
            #expect(S.hex(a.secret) == p["secret_hex"] as! String, "\(uri)")
            #expect(a.name == p["name"] as! String && a.issuer == p["issuer"] as? String, "\(uri)")
            #expect(a.suite.digits == p["digits"] as! Int && a.suite.hash.rawValue == p["alg"] as! String, "\(uri)")
            #expect(a.suite.usesCounter == p["hotp"] as! Bool && a.suite.period == p["period"] as? Int, "\(uri)")
            #expect(a.counter == (p["counter"] as? NSNumber)?.uint64Value, "\(uri)")
            let generator = OTPGenerator(suite: a.suite, key: a.secret)
            let ours = a.suite.usesCounter ? Self.counters.map { generator.code(counter: $0) } : try Self.times.map { try generator.code(at: $0) }
            #expect(ours == p["codes"] as! [String], "\(uri)")
        }
    }
}
