/// The PIN rules of Docs/THREAT-MODEL.md ("PIN rules"). A PIN is checked as
/// bytes; it never becomes a Swift String.
public enum PINPolicy {
    /// Consecutive wrong PINs (or recovery PINs) that block the vault (or recovery).
    public static let maxFailedAttempts: UInt16 = 10
    public static let pinLength = 4...64
    public static let recoveryLength = 4...6

    /// Checks a new PIN or recovery PIN; throws `.weakPIN` saying why.
    /// `other` is the PIN the recovery PIN must differ from.
    public static func check(_ secret: SecureBytes, kind: PINKind, other: SecureBytes? = nil) throws {
        let bytes = secret.unprotectedCopyForPolicy()
        defer { wipe(bytes) }
        let label = kind.label
        // Length in characters (UTF-8 continuation bytes are not characters).
        let chars = bytes.buffer.filter { $0 & 0xC0 != 0x80 }.count
        if bytes.buffer.contains(where: { $0 < 0x20 || $0 == 0x7F }) {
            throw IBKeyError.weakPIN("\(label) contains a control character")
        }
        switch kind {
        case .pin:
            guard pinLength.contains(chars) else {
                throw IBKeyError.weakPIN("PIN must be 4 to 64 characters, got \(chars)")
            }
        case .recoveryPIN:
            guard recoveryLength.contains(chars) else {
                throw IBKeyError.weakPIN("recovery PIN must be 4 to 6 characters, got \(chars)")
            }
            guard bytes.buffer.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else {
                throw IBKeyError.weakPIN("recovery PIN may hold only letters, digits and special characters")
            }
        }
        if let reason = weakness(bytes.buffer) {
            throw IBKeyError.weakPIN("\(label) is too easy to guess: \(reason)")
        }
        if let other, other.constantTimeEquals(secret) {
            throw IBKeyError.weakPIN("recovery PIN must differ from the PIN")
        }
    }

    /// The PIN and the recovery PIN must differ. The recovery PIN is not
    /// stored, so a new PIN is tried on the recovery slot (an attempt that is
    /// not counted as a failed recovery PIN).
    /// - Throws: `.weakPIN` when `newPIN` opens the recovery slot of `vault`.
    public static func checkDiffersFromRecoveryPIN(_ newPIN: SecureBytes, in vault: SealedVault) throws {
        if try vault.unlock(.recoveryPIN, pin: newPIN) != nil {
            throw IBKeyError.weakPIN("the PIN must differ from the recovery PIN")
        }
    }

    /// Why a PIN is guessable, or nil.
    static func weakness(_ b: [UInt8]) -> String? {
        guard let first = b.first else { return "it is empty" }
        if b.allSatisfy({ $0 == first }) { return "one repeated character" }
        let lower = b.map { (0x41...0x5A).contains($0) ? $0 + 32 : $0 }
        if isRun(lower, step: 1) { return "an ascending run" }
        if isRun(lower, step: -1) { return "a descending run" }
        if b.count >= 4, b.count % 2 == 0, (2..<b.count).allSatisfy({ b[$0] == b[$0 - 2] }) {
            return "a repeated pair"
        }
        let text = String(decoding: lower, as: UTF8.self)
        if commonPINs.contains(text) { return "one of the most common PINs" }
        return nil
    }

    /// Digits (with 9→0 wrapping, as on a keypad row) or letters stepping by ±1.
    static func isRun(_ b: [UInt8], step: Int) -> Bool {
        guard b.count >= 2 else { return false }
        func cls(_ c: UInt8) -> Int? {
            if (0x30...0x39).contains(c) { return 0 }
            if (0x61...0x7A).contains(c) { return 1 }
            return nil
        }
        guard let k = cls(b[0]), b.allSatisfy({ cls($0) == k }) else { return false }
        for i in 1..<b.count {
            var d = Int(b[i]) - Int(b[i - 1])
            if k == 0 { d = (d + 10) % 10; if step < 0 { d -= 10 } }
            if d != step { return false }
        }
        return true
    }

    /// The most common PINs (published PIN-frequency studies), lower case.
    static let commonPINs: Set<String> = [
        "1212", "1004", "2000", "6969", "1122", "1313", "2001", "1010", "2580", "0852",
        "1357", "2468", "1379", "1998", "1999", "2020", "2021", "2022", "2023", "2024", "2025", "2026",
        "4321", "1230", "5683", "0007", "7777", "1984", "1986", "1987", "1988", "1989", "1990",
        "123123", "121212", "112233", "789456", "159753", "123321", "696969", "102030",
        "147258", "159357", "131313", "520520", "123654", "112358", "147852", "111222",
        "101010", "753951", "258456", "222333", "246810", "135790", "000123", "142536",
        "qwer", "qwerty", "asdf", "asdfgh", "zxcv", "1q2w", "1q2w3e", "abc123", "pass",
        "passw0rd", "password", "letmein", "admin", "secret", "love", "iloveu",
    ]

    /// A rough worst-case time to guess a PIN offline: every candidate of its
    /// length and alphabet, each costing one key derivation of `secondsPerGuess`.
    public static func offlineGuessEstimate(_ secret: SecureBytes, secondsPerGuess: Double) -> (alphabet: Int, length: Int, seconds: Double) {
        let bytes = secret.unprotectedCopyForPolicy()
        defer { wipe(bytes) }
        let b = bytes.buffer
        var alphabet = 0
        if b.contains(where: { (0x30...0x39).contains($0) }) { alphabet += 10 }
        if b.contains(where: { (0x61...0x7A).contains($0) }) { alphabet += 26 }
        if b.contains(where: { (0x41...0x5A).contains($0) }) { alphabet += 26 }
        if b.contains(where: { $0 >= 0x20 && $0 < 0x7F && !isAlnum($0) }) { alphabet += 33 }
        if b.contains(where: { $0 >= 0x80 }) { alphabet += 128 }
        let length = b.filter { $0 & 0xC0 != 0x80 }.count
        var space = 1.0
        for _ in 0..<length { space *= Double(max(alphabet, 1)) }
        return (alphabet, length, space * secondsPerGuess)
    }

    static func isAlnum(_ c: UInt8) -> Bool {
        (0x30...0x39).contains(c) || (0x41...0x5A).contains(c) || (0x61...0x7A).contains(c)
    }

    fileprivate static func wipe(_ s: PINPolicyScratch) { for i in s.buffer.indices { s.buffer[i] = 0 } }
}

/// A short-lived ordinary-memory copy of a PIN for the policy checks, wiped by the caller.
fileprivate final class PINPolicyScratch {
    var buffer: [UInt8]
    init(_ b: [UInt8]) { buffer = b }
}

fileprivate extension SecureBytes {
    /// A short-lived copy for the policy checks; the caller wipes it.
    func unprotectedCopyForPolicy() -> PINPolicyScratch { PINPolicyScratch(unprotectedCopy()) }
}
