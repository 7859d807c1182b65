import Testing
@testable import IBKeyCore

@Suite("PIN policy (Docs/THREAT-MODEL.md, PIN rules)")
struct PINPolicyTests {
    func s(_ t: String) -> SecureBytes { SecureBytes(copying: Array(t.utf8)) }

    @Test("weak PINs are refused", arguments: ["0000", "1111", "aaaa", "1234", "9876", "abcd", "DCBA", "7890",
                                               "123456", "654321", "1212", "123123", "qwerty", "password", "2580",
                                               "12", "abc", ""])
    func weakPIN(_ pin: String) {
        #expect(throws: IBKeyError.self) { try PINPolicy.check(s(pin), kind: .pin) }
    }

    @Test("acceptable PINs pass", arguments: ["2581", "9137", "4096x", "r7#Kq", "correct horse", "8u1d"])
    func goodPIN(_ pin: String) throws {
        try PINPolicy.check(s(pin), kind: .pin)
    }

    @Test("recovery PIN: 4 to 6 printable characters, not weak, differs from the PIN")
    func recovery() throws {
        try PINPolicy.check(s("r7#Kq"), kind: .recoveryPIN, other: s("9137"))
        for bad in ["r7#", "r7#Kq99", "r7 Kq", "4444", "abcdef"] {
            #expect(throws: IBKeyError.self, "\(bad)") { try PINPolicy.check(s(bad), kind: .recoveryPIN, other: s("9137")) }
        }
        #expect(throws: IBKeyError.weakPIN("recovery PIN must differ from the PIN")) {
            try PINPolicy.check(s("9137"), kind: .recoveryPIN, other: s("9137"))
        }
    }

    @Test("control characters are refused")
    func control() {
        #expect(throws: IBKeyError.self) { try PINPolicy.check(s("91\u{7}37"), kind: .pin) }
    }

    @Test("offline guessing estimate: alphabet^length × seconds per guess")
    func estimate() {
        let e = PINPolicy.offlineGuessEstimate(s("9137"), secondsPerGuess: 0.5)
        #expect(e.alphabet == 10 && e.length == 4 && e.seconds == 5000)
        let f = PINPolicy.offlineGuessEstimate(s("r7#Kq"), secondsPerGuess: 1)
        #expect(f.alphabet == 10 + 26 + 26 + 33 && f.length == 5)
    }
}
