/// The PIN rules of Docs/THREAT-MODEL.md ("PIN rules"). A PIN is checked as
/// bytes; it never becomes a Swift String.
public enum PINPolicy {
    /// Consecutive wrong PINs (or recovery PINs) that block the vault (or recovery).
    public static let maxFailedAttempts: UInt16 = 10
    /// A PIN's length in characters (UTF-8 continuation bytes do not count).
    public static let pinLength = 4...64
    /// A recovery PIN's length in characters, all printable ASCII without the space.
    public static let recoveryLength = 4...6

    /// Checks a new PIN or recovery PIN; throws `.weakPIN` saying why.
    /// Every check reads the guarded bytes in place: no copy of the PIN is
    /// made in ordinary memory, and it never becomes a `String`.
    /// - Parameters:
    ///   - secret: the new PIN or recovery PIN.
    ///   - kind: which rules apply.
    ///   - other: the PIN the recovery PIN must differ from (or, for a new PIN, the recovery PIN).
    /// - Throws: `.weakPIN`: a length or character the rules refuse,
    ///   a PIN too easy to guess, or one equal to `other`.
    public static func check(_ secret: SecureBytes, kind: PINKind, other: SecureBytes? = nil) throws {
        let label = kind.label
        if let problem = secret.withBytes({ problem(in: $0, kind: kind) }) { throw IBKeyError.weakPIN(problem) }
        if let reason = secret.withBytes(weakness) {
            throw IBKeyError.weakPIN("\(label) is too easy to guess: \(reason)")
        }
        if let other, other.constantTimeEquals(secret) {
            throw IBKeyError.weakPIN("recovery PIN must differ from the PIN")
        }
    }

    /// Characters in UTF-8 `b` (continuation bytes are not characters).
    static func characters(_ b: UnsafeRawBufferPointer) -> Int {
        var n = 0
        for c in b where c & 0xC0 != 0x80 { n += 1 }
        return n
    }

    /// Whether UTF-8 `b` holds an ASCII control character.
    static func hasControl(_ b: UnsafeRawBufferPointer) -> Bool { b.contains { $0 < 0x20 || $0 == 0x7F } }

    /// What is wrong with the length or the characters, or nil.
    private static func problem(in b: UnsafeRawBufferPointer, kind: PINKind) -> String? {
        if hasControl(b) { return "\(kind.label) contains a control character" }
        let chars = characters(b)
        switch kind {
        case .pin:
            guard pinLength.contains(chars) else { return "PIN must be 4 to 64 characters, got \(chars)" }
        case .recoveryPIN:
            guard recoveryLength.contains(chars) else { return "recovery PIN must be 4 to 6 characters, got \(chars)" }
            guard b.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else {
                return "recovery PIN may hold only letters, digits and special characters"
            }
        }
        return nil
    }

    /// A token PIN (the P input when it is not the vault PIN): 1 to 64
    /// characters, no control characters, and not the vault PIN (whose hash
    /// the verifier would then learn after all).
    /// - Parameter tokenPIN: the token PIN, in guarded memory.
    /// - Parameter vaultPIN: the vault PIN, when the token PIN is being chosen
    ///   (`enroll`); nil when the verifier already knows it (`import`).
    /// - Throws: `.weakPIN`.
    public static func checkTokenPIN(_ tokenPIN: SecureBytes, vaultPIN: SecureBytes?) throws {
        let ok = tokenPIN.withBytes { b in (1...pinLength.upperBound).contains(characters(b)) && !hasControl(b) }
        guard ok else { throw IBKeyError.weakPIN("token PIN must be 1 to \(pinLength.upperBound) characters without control characters") }
        if let vaultPIN, tokenPIN.constantTimeEquals(vaultPIN) {
            throw IBKeyError.weakPIN("the token PIN must differ from the vault PIN (leave it out to use the vault PIN, as IB Key does)")
        }
    }

    /// The shortest export password: it alone guards the key in the file.
    public static let exportPasswordMinimum = 8

    /// An export password: at least `exportPasswordMinimum` characters (not bytes:
    /// seven accented letters are still seven).
    /// - Parameter password: the password, in guarded memory.
    /// - Throws: `.weakPIN`.
    public static func checkExportPassword(_ password: SecureBytes) throws {
        guard password.withBytes(characters) >= exportPasswordMinimum else {
            throw IBKeyError.weakPIN("the export password must be at least \(exportPasswordMinimum) characters: it alone guards the key in the file")
        }
    }

    /// Why a PIN is guessable, or nil. Reads the bytes where they are.
    static func weakness(_ b: UnsafeRawBufferPointer) -> String? {
        guard let first = b.first else { return "it is empty" }
        if b.allSatisfy({ $0 == first }) { return "one repeated character" }
        if isRun(b, step: 1) { return "an ascending run" }
        if isRun(b, step: -1) { return "a descending run" }
        if b.count >= 4, b.count % 2 == 0, (2..<b.count).allSatisfy({ b[$0] == b[$0 - 2] }) {
            return "a repeated pair"
        }
        if commonPINs.contains(where: { equalIgnoringCase(b, $0) }) { return "one of the most common PINs" }
        return nil
    }

    @inline(__always) static func lower(_ c: UInt8) -> UInt8 { (0x41...0x5A).contains(c) ? c + 32 : c }

    /// `b`, lower-cased letter by letter, equals `word` (lower case already).
    static func equalIgnoringCase(_ b: UnsafeRawBufferPointer, _ word: [UInt8]) -> Bool {
        guard b.count == word.count else { return false }
        for i in 0..<b.count where lower(b[i]) != word[i] { return false }
        return true
    }

    /// Digits (with 9→0 wrapping, as on a keypad row) or letters of either case stepping by ±1.
    static func isRun(_ b: UnsafeRawBufferPointer, step: Int) -> Bool {
        guard b.count >= 2 else { return false }
        func cls(_ c: UInt8) -> Int? {
            if (0x30...0x39).contains(c) { return 0 }
            if (0x61...0x7A).contains(lower(c)) { return 1 }
            return nil
        }
        guard let k = cls(b[0]), b.allSatisfy({ cls($0) == k }) else { return false }
        for i in 1..<b.count {
            var d = Int(lower(b[i])) - Int(lower(b[i - 1]))
            if k == 0 { d = (d + 10) % 10; if step < 0 { d -= 10 } }
            if d != step { return false }
        }
        return true
    }

    /// The most common PINs (published PIN-frequency studies), lower case.
    static let commonPINs: [[UInt8]] = ([
        "1212", "1004", "2000", "6969", "1122", "1313", "2001", "1010", "2580", "0852",
        "1357", "2468", "1379", "1998", "1999", "2020", "2021", "2022", "2023", "2024", "2025", "2026",
        "4321", "1230", "5683", "0007", "7777", "1984", "1986", "1987", "1988", "1989", "1990",
        "123123", "121212", "112233", "789456", "159753", "123321", "696969", "102030",
        "147258", "159357", "131313", "520520", "123654", "112358", "147852", "111222",
        "101010", "753951", "258456", "222333", "246810", "135790", "000123", "142536",
        "qwer", "qwerty", "asdf", "asdfgh", "zxcv", "1q2w", "1q2w3e", "abc123", "pass",
        "passw0rd", "password", "letmein", "admin", "secret", "love", "iloveu",
    ] as [String]).map { Array($0.utf8) }

    /// A rough worst-case time to guess a PIN offline: every candidate of its
    /// length and alphabet, each costing one key derivation of `secondsPerGuess`.
    /// Reads the guarded bytes in place.
    /// - Parameters:
    ///   - secret: the PIN.
    ///   - secondsPerGuess: what one key derivation costs on this machine.
    /// - Returns: the alphabet size guessed from the characters used, the
    ///   length in characters, and the seconds to try every candidate.
    public static func offlineGuessEstimate(_ secret: SecureBytes, secondsPerGuess: Double) -> (alphabet: Int, length: Int, seconds: Double) {
        secret.withBytes { b in
            var alphabet = 0
            if b.contains(where: { (0x30...0x39).contains($0) }) { alphabet += 10 }
            if b.contains(where: { (0x61...0x7A).contains($0) }) { alphabet += 26 }
            if b.contains(where: { (0x41...0x5A).contains($0) }) { alphabet += 26 }
            if b.contains(where: { $0 >= 0x20 && $0 < 0x7F && !isAlnum($0) }) { alphabet += 33 }
            if b.contains(where: { $0 >= 0x80 }) { alphabet += 128 }
            let length = characters(b)
            var space = 1.0
            for _ in 0..<length { space *= Double(max(alphabet, 1)) }
            return (alphabet, length, space * secondsPerGuess)
        }
    }

    static func isAlnum(_ c: UInt8) -> Bool {
        (0x30...0x39).contains(c) || (0x41...0x5A).contains(c) || (0x61...0x7A).contains(c)
    }
}
