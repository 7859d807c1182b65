/// The built-in known-answer tests run by `ibkey selftest`: every RFC 4226,
/// RFC 6238 and RFC 6287 vector, the published IB Key vectors, and round
/// trips of the activation code, registration code and vault through the real crypto.
public enum SelfTest {
    /// One check, as `selftest` lists it.
    public struct Result: Sendable {
        /// What was checked.
        public let name: String
        /// Whether it gave the known answer.
        public let passed: Bool
        /// For a vector, what was expected and what came out; empty for a round trip.
        public let detail: String
    }

    /// Runs every check through the real crypto, nothing mocked.
    /// - Returns: one result per check: the HOTP vectors, the TOTP vectors,
    ///   the OCRA vectors, then the round trips.
    public static func run() -> [Result] {
        var results: [Result] = []
        for v in KnownAnswers.rfc4226 {
            let got = HOTP.generate(key: SecureBytes(copying: Hex.decode(v.keyHex) ?? []), counter: v.counter, digits: v.digits)
            results.append(Result(name: "RFC 4226 HOTP counter \(v.counter)", passed: got == v.expected,
                                  detail: "expected \(v.expected), got \(got)"))
        }
        for v in KnownAnswers.rfc6238 {
            let got: String
            do { got = try compute(v) } catch { got = "error: \(error)" }
            results.append(Result(name: v.name, passed: got == v.expected, detail: "expected \(v.expected), got \(got)"))
        }
        for v in KnownAnswers.all {
            let got: String
            do { got = try compute(v) } catch { got = "error: \(error)" }
            results.append(Result(name: v.name, passed: got == v.expected, detail: "expected \(v.expected), got \(got)"))
        }
        results.append(contentsOf: roundTrips())
        return results
    }

    /// One vector through the engine.
    /// - Parameter v: the vector.
    /// - Returns: the engine's response, to compare with `v.expected`.
    /// - Throws: `.badSuite`, `.badChallenge` or `.badInput` when the vector
    ///   does not fit its suite (a bug in the list).
    public static func compute(_ v: OCRAVector) throws -> String {
        let suite = try OCRASuite(v.suite)
        let ocra = OCRA(suite: suite, key: SecureBytes(copying: Hex.decode(v.keyHex) ?? []))
        let pinHash = v.pin.flatMap { pin in suite.pinHash.map { $0.hash(SecureBytes(copying: Array(pin.utf8))) } }
        return try ocra.response(OCRAInput(counter: v.counter, question: v.question, pinHash: pinHash, timeSteps: v.timeSteps))
    }

    /// One TOTP vector through `OTPGenerator`, the engine of `ibkey code`;
    /// its time step is checked too.
    /// - Parameter v: the vector.
    /// - Returns: the code at `v.time`, to compare with `v.expected`.
    /// - Throws: `.badInput` when the step differs from the vector's (a bug).
    public static func compute(_ v: TOTPVector) throws -> String {
        let totp = OTPGenerator(suite: try OTPSuite(kind: .totp(period: 30), hash: v.hash, digits: 8),
                                key: SecureBytes(copying: Hex.decode(v.keyHex) ?? []))
        let step = try totp.timeStep(at: v.time)
        guard step.counter == v.step else { throw IBKeyError.badInput("time step \(step.counter), expected \(v.step)") }
        return totp.code(counter: step.counter)
    }

    static func roundTrips() -> [Result] {
        var out: [Result] = []
        for id in SuiteID.allCases {
            let key = Random.secret(id.keyLength)
            let code = ActivationCode(suiteID: id, counter: 7, key: key)
            let ok = (try? ActivationCode.parse(code.text())).map {
                $0.suiteID == id && $0.counter == 7 && $0.key.constantTimeEquals(key)
            } ?? false
            out.append(Result(name: "activation code round trip, suite id \(id.rawValue)", passed: ok, detail: ""))
            let pinHash = id.suite.pinHash.map { $0.hash(SecureBytes(copying: Array("2580".utf8))) }
            let reg = RegistrationCode.make(user: "selftest", suiteID: id, tokenKey: key, pinHash: pinHash)
            let regOK = (try? RegistrationCode.open(reg, user: "selftest", expectedSuite: id, tokenKey: key)).map {
                ($0.pinHash == nil && pinHash == nil) || ($0.pinHash.map { p in pinHash!.constantTimeEquals(p) } ?? false)
            } ?? false
            out.append(Result(name: "registration code round trip, suite id \(id.rawValue)", passed: regOK, detail: ""))
        }
        // Vault: create, seal, parse, unlock with each slot, refuse a wrong PIN.
        let vaultOK: Bool = {
            do {
                let pin = SecureBytes(copying: Array("2580".utf8)), rec = SecureBytes(copying: Array("k9#x".utf8))
                let v = try UnlockedVault.create(level: .test, pin: pin, recoveryPIN: rec)
                let key = Random.secret(20)
                try v.addUser(UserEntry(name: "a", suite: SuiteID.ibKeySHA1.suite, enrolledAt: 0),
                              secret: UserSecret(counter: 5, key: SecretRef(key), pinHash: nil))
                let sealed = try SealedVault.parse(try v.serialized(), as: .vault)
                guard let u1 = try sealed.tryUnlock(.pin, pin: pin), let u2 = try sealed.tryUnlock(.recoveryPIN, pin: rec) else { return false }
                let wrong = try sealed.tryUnlock(.pin, pin: rec)
                let counter = try u1.secret(at: 0).counter
                let opened = try u2.secret(at: 0).key.materialize()
                return wrong == nil && counter == 5 && opened.constantTimeEquals(key)
            } catch { return false }
        }()
        out.append(Result(name: "vault seal and unlock round trip", passed: vaultOK, detail: ""))
        return out
    }
}
