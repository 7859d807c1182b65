import IBKeyCore

/// When a PIN or recovery PIN is set, how long offline guessing of a PIN of
/// that length and alphabet would take at this vault's KDF cost
/// (Docs/THREAT-MODEL.md, "Offline guessing"), said on stderr.
enum GuessingAdvice {
    /// One note per PIN; `secondsPerGuess` is the KDF time just measured.
    static func show(_ pins: [(pin: SecureBytes, label: String)], level: KDFLevel, secondsPerGuess: Double) {
        let perGuess = secondsPerGuess < 0.01 ? String(Int((secondsPerGuess * 1e6).rounded())) + " µs"
                                              : String(Int((secondsPerGuess * 1000).rounded())) + " ms"
        for (pin, label) in pins {
            let e = PINPolicy.offlineGuessEstimate(pin, secondsPerGuess: secondsPerGuess)
            Console.note("note: your \(label) has \(e.length) characters from an alphabet of \(e.alphabet); "
                + "with this vault's KDF (\(level.rawValue), \(perGuess) per guess here) someone who copies the vault "
                + "needs up to \(humanDuration(e.seconds)) on one core to try them all")
        }
        if level == .test { Console.warning("KDF level 'test' is for tests only: offline guessing is almost free") }
    }

    /// "3.2 hours", "41 years": the unit a person reads at a glance.
    static func humanDuration(_ s: Double) -> String {
        let units: [(Double, String)] = [(31_557_600, "year"), (86_400, "day"), (3_600, "hour"), (60, "minute"), (1, "second")]
        for (size, name) in units where s >= size {
            let v = s / size
            if v >= 1e6 { return "more than a million \(name)s" }
            let shown = v < 10 ? (v * 10).rounded() / 10 : v.rounded()
            let text = shown == shown.rounded() ? String(Int(shown)) : String(shown)
            return "\(text) \(name)\(shown == 1 ? "" : "s")"
        }
        return "under a second"
    }
}
