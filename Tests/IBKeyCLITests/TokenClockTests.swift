import Foundation
import Testing

/// A token's clock is the system clock or `--at` (Docs/CODES.md, "Time");
/// `IBKEY_TEST_NOW` is the issuer's test hook and moves no token's answer
/// (Docs/THREAT-MODEL.md; it once moved `respond`'s T suites).
@Suite("The token's clock: the system's or --at, never IBKEY_TEST_NOW")
struct TokenClockTests {
    /// RFC 6287 C.1: OCRA-1:HOTP-SHA512-8:QN08-T1M at T = 0x132d0b6 minutes, Q 00000000 → 95209754.
    static let suite = "OCRA-1:HOTP-SHA512-8:QN08-T1M"
    static let key64 = "31323334353637383930313233343536373839303132333435363738393031323334353637383930313233343536373839303132333435363738393031323334"
    static let vectorTime: Int64 = 0x132d0b6 * 60
    static let expected = "95209754"

    func sandbox() -> Sandbox {
        let s = Sandbox()
        var env = s.secrets
        env["IBKEY_SECRET"] = Self.key64
        let r = s.run(["import", "--user", "t", "--suite", Self.suite] + Fixture.kdf, env: env)
        #expect(r.status == 0, "\(r.stderr)")
        return s
    }

    @Test("respond, T suite: IBKEY_TEST_NOW does not change the response; --at does, in both forms and on the fast path")
    func respondIgnoresTestNow() {
        let s = sandbox()
        let pin = ["IBKEY_PIN": Fixture.pin]
        // The variable set to the vector's time: the system clock still answers.
        let moved = s.run(["respond", "--user", "t", "00000000"], env: pin.merging(["IBKEY_TEST_NOW": String(Self.vectorTime)]) { $1 })
        #expect(moved.status == 0 && moved.out != Self.expected, "IBKEY_TEST_NOW moved respond's clock: \(moved.stdout)")
        // Beside --at, the variable changes nothing either.
        for value in [String(Self.vectorTime), "2008-03-25T12:06:00Z"] {
            for args in [["respond", "--user", "t", "--at", value, "00000000"], ["respond", "--at=\(value)", "-u", "t", "00000000"],
                         ["respond", "--user", "t", "--at", value, "--json", "00000000"]] {
                for extra in [[:], ["IBKEY_TEST_NOW": "0"], ["IBKEY_TEST_NOW": "1900000000"]] {
                    let r = s.run(args, env: pin.merging(extra) { $1 })
                    #expect(r.status == 0 && r.stdout.contains(Self.expected), "\(args) \(extra): \(r.stdout) \(r.stderr)")
                }
            }
        }
        // The last second of the step still answers for it; the next does not.
        #expect(s.run(["respond", "-u", "t", "--at", String(Self.vectorTime + 59), "00000000"], env: pin).out == Self.expected)
        #expect(s.run(["respond", "-u", "t", "--at", String(Self.vectorTime + 60), "00000000"], env: pin).out != Self.expected)
        // A batch answers every line for the same moment.
        let b = s.run(["respond", "-u", "t", "--at", String(Self.vectorTime), "-"], env: pin, stdin: "00000000\n00000000\n")
        #expect(b.lines == [Self.expected, Self.expected], "\(b.stdout) \(b.stderr)")
    }

    @Test("--at is refused for a suite without T (exit 2), before the PIN")
    func atWithoutT() {
        let s = enrolledSandbox()
        expectUnchanged(s, ["respond", "--at", "59", "123456"], env: [:], status: 2, contains: "does not use the time\nhint: leave out --at")
    }

    @Test("code: IBKEY_TEST_NOW does not move a TOTP code")
    func codeIgnoresTestNow() {
        let s = Sandbox()
        s.addOTPAccounts([OTPFixtureAccount(name: "gh", suite: "TOTP-SHA1-8-30", keyHex: OTPFixtureAccount.rfc6238Key("SHA1"))])
        let r = s.run(["code"], env: ["IBKEY_PIN": Fixture.pin, "IBKEY_TEST_NOW": "59"])
        #expect(r.status == 0 && r.out.count == 8 && r.out != "94287082", "\(r.stdout) \(r.stderr)")
        #expect(s.run(["code", "--at", "59"], env: ["IBKEY_PIN": Fixture.pin, "IBKEY_TEST_NOW": "1111111109"]).out == "94287082")
    }
}
