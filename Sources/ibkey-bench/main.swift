// ibkey-bench: the core's speed without the CLI in the way, for `make bench`.
//
//   ibkey-bench ocra SUITE SECONDS       responses/s on one core (and HMAC/s at the same length)
//   ibkey-bench open-user PATH PIN USER RUNS   the vault work of one respond, warm, per phase
//   ibkey-bench make-vault N PATH PIN    a test-KDF vault with N IB Key users (for scaling runs)
//   ibkey-bench make-fixture PATH        the fixture vault of this format (Tests/IBKeyCoreTests/Fixtures)
//   ibkey-bench kdf LEVEL                one Argon2id derivation at LEVEL, in seconds
#if canImport(Glibc)
import Glibc
#endif
import IBKeyCore

func now() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}

func fail(_ s: String) -> Never {
    let text = "ibkey-bench: \(s)\n"
    _ = text.withCString { write(2, $0, strlen($0)) }
    exit(2)
}

let args = CommandLine.arguments.dropFirst()
switch args.first {
case "ocra":
    guard args.count == 3, let seconds = Double(args[args.startIndex + 2]) else { fail("usage: ocra SUITE SECONDS") }
    let suite = try OCRASuite(String(args[args.startIndex + 1]))
    let key = SecureBytes(copying: [UInt8](repeating: 0x31, count: suite.hash.digestLength))
    let ocra = OCRA(suite: suite, key: key)
    let pinHash = suite.pinHash.map { $0.hash(SecureBytes(copying: Array("1234".utf8))) }
    let questions = (0..<1000).map { i -> String in
        let v = String((i * 7919) % 1_000_000)
        return String(repeating: "0", count: 6 - v.count) + v
    }
    let messageLength = try ocra.dataInput(OCRAInput(counter: 0, question: "123456", pinHash: pinHash)).count
    // Responses: the whole engine (message layout, HMAC, truncation, string).
    var n = 0
    var counter: UInt64 = 0
    var sink = 0
    let t0 = now()
    while now() - t0 < seconds {
        for q in questions {
            let r = try ocra.response(OCRAInput(counter: suite.usesCounter ? counter : nil, question: q, pinHash: pinHash))
            sink &+= r.utf8.count
            counter += 1
        }
        n += questions.count
    }
    let responseRate = Double(n) / (now() - t0)
    // The HMAC alone through the same keyed context, at the same length.
    let hmac = KeyedHMAC(algorithm: suite.hash, key: key)
    let message = [UInt8](repeating: 0x5A, count: messageLength)
    var out = [UInt8](repeating: 0, count: 64)
    var m = 0
    let t1 = now()
    while now() - t1 < seconds {
        message.withUnsafeBytes { msg in out.withUnsafeMutableBytes { o in
            for _ in 0..<1000 { hmac.mac(msg, into: o) }
        } }
        m += 1000
    }
    let hmacRate = Double(m) / (now() - t1)
    print("suite=\(suite.text) message_bytes=\(messageLength) responses_per_s=\(Int(responseRate)) keyed_hmac_per_s=\(Int(hmacRate)) sink=\(sink % 10)")

case "open-user":
    // The per-respond vault work, warm, without process start: read and check
    // the header, find the user, unlock (test KDF), open its record and cells.
    guard args.count == 5, let runs = Int(args[args.startIndex + 4]) else { fail("usage: open-user PATH PIN USER RUNS") }
    let path = String(args[args.startIndex + 1])
    let pin = SecureBytes(copying: Array(args[args.startIndex + 2].utf8))
    let user = String(args[args.startIndex + 3])
    var phases = [0.0, 0.0, 0.0]
    for _ in 0..<runs {
        let store = VaultStore(path: path)
        let t0 = now()
        let sealed = try store.load(.header)
        guard sealed.users.firstIndex(named: user) != nil else { fail("no user \(user)") }
        let t1 = now()
        let v = try store.unlock(.pin, pin: pin, verification: .header)
        let t2 = now()
        _ = try v.secret(at: v.index(of: user)!)
        let t3 = now()
        phases[0] += t1 - t0; phases[1] += t2 - t1; phases[2] += t3 - t2
    }
    let us = phases.map { Int($0 / Double(runs) * 1e6) }
    print("read_header_us=\(us[0]) unlock_us=\(us[1]) open_record_us=\(us[2])")
case "make-vault":
    guard args.count == 4, let n = Int(args[args.startIndex + 1]) else { fail("usage: make-vault N PATH PIN") }
    let path = String(args[args.startIndex + 2])
    let pin = SecureBytes(copying: Array(args[args.startIndex + 3].utf8))
    let vault = try UnlockedVault.create(level: .test, pin: pin, recoveryPIN: SecureBytes(copying: Array("r7#Kq".utf8)))
    let pinHash = HashAlgorithm.sha1.hash(pin)
    for i in 0..<n {
        try vault.addUser(UserEntry(name: "user\(i)", suite: SuiteID.ibKeySHA1.suite, enrolledAt: 0),
                          secret: UserSecret(counter: 0, key: SecretRef(Random.secret(20)), pinHash: SecretRef(pinHash)))
    }
    try FilePath.makeDirectories(FilePath.directory(of: path))
    try AtomicFile.write(path, vault.serialized())

case "make-fixture":
    // The fixture vault of a format version (Tests/IBKeyCoreTests/Fixtures/README.md):
    // written once per new format with `make fixture`, never over an existing one.
    guard args.count == 2 else { fail("usage: make-fixture PATH") }
    let pin = SecureBytes(copying: Array("9137".utf8)), recovery = SecureBytes(copying: Array("r7#Kq".utf8))
    let v = try UnlockedVault.create(level: .test, pin: pin, recoveryPIN: recovery)
    let pinHash = HashAlgorithm.sha1.hash(SecureBytes(copying: Array("1234".utf8)))
    try v.addUser(UserEntry(name: "alice", suite: SuiteID.ibKeySHA1.suite, enrolledAt: 1_764_000_000),
                  secret: UserSecret(counter: 1, key: SecretRef(SecureBytes(copying: Hex.decode("ae7ea584ec7cfaffccca2a4238f8f1fb8e26d5da")!)),
                                     pinHash: SecretRef(pinHash)))
    try v.addUser(UserEntry(name: "bob", suite: SuiteID.sha256NoCounter.suite, enrolledAt: 1_764_000_060),
                  secret: UserSecret(counter: 3, key: SecretRef(SecureBytes(copying: [UInt8](repeating: 0x42, count: 32))), pinHash: nil))
    // Format 4 on: a TOTP account with an issuer (RFC 6238's SHA-256 key) and an
    // HOTP account (RFC 4226's key, next counter 5).
    try v.addUser(UserEntry(name: "carol", suite: .otp(try OTPSuite(kind: .totp(period: 30), hash: .sha256, digits: 8)),
                            enrolledAt: 1_764_000_120, issuer: "Example"),
                  secret: UserSecret(counter: 0, key: SecretRef(SecureBytes(copying: Array("12345678901234567890123456789012".utf8))), pinHash: nil))
    try v.addUser(UserEntry(name: "dave", suite: .otp(try OTPSuite(kind: .hotp, hash: .sha1, digits: 6)), enrolledAt: 1_764_000_180),
                  secret: UserSecret(counter: 5, key: SecretRef(SecureBytes(copying: Array("12345678901234567890".utf8))), pinHash: nil))
    try AtomicFile.createNew(String(args[args.startIndex + 1]), try v.serialized())

case "kdf":
    guard args.count == 2, let level = KDFLevel(rawValue: String(args[args.startIndex + 1])) else { fail("usage: kdf LEVEL") }
    let pin = SecureBytes(copying: Array("2580-9".utf8))
    let t0 = now()
    _ = try level.parameters.deriveKey(from: pin, salt: [UInt8](repeating: 1, count: Argon2id.saltBytes))
    print("level=\(level.rawValue) micros=\(Int((now() - t0) * 1e6)) mem_mib=\(level.parameters.memLimitBytes >> 20) ops=\(level.parameters.opsLimit)")

default:
    fail("usage: ibkey-bench ocra SUITE SECONDS | make-vault N PATH PIN | make-fixture PATH | kdf LEVEL")
}
