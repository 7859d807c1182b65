import ArgumentParser
import IBKeyCore

struct Status: ParsableCommand {
    static let configuration = CommandConfiguration(
        // Explicit: otherwise the parser derives it with String(describing:) at every start.
        commandName: "status",
        abstract: "Show the vault's path, format, KDF settings, users and failed PIN attempts (no PIN needed).",
        discussion: """
        The users line counts the vault's entries and says their kinds: OCRA \
        users (answered by 'ibkey respond'), TOTP and HOTP accounts (codes from \
        'ibkey code'); 'ibkey users' lists them with their issuers.
        """
    )

    @OptionGroup var vault: VaultOptions
    @OptionGroup var output: JSONOption

    func run() throws {
        let store = try vault.store
        Console.out(Self.render(path: store.path, store.exists ? try store.load() : nil, json: output.json))
    }

    /// The recovery slot's form: proven (format 4), or an older one that is
    /// replaced the next time the recovery PIN is given.
    static func recoverySlot(_ s: SealedVault) -> String {
        if !s.recoverySlotNeedsUpgrade { return "proven" }
        return s.recoverySlotIsUnproven ? "public key, unproven (ibkey 0.3; replaced when the recovery PIN is next given)"
                                        : "wrapped (replaced when the recovery PIN is next given)"
    }

    /// The text form's `recovery:` line, only for a slot of an older form
    /// (the line a user of a 0.3 vault needs to see); nothing for a proven one.
    static func recoveryLine(_ s: SealedVault) -> String {
        s.recoverySlotNeedsUpgrade ? "recovery: \(recoverySlot(s))\n" : ""
    }

    /// How many entries of each kind, in a fixed order: "ocra", "totp", "hotp".
    static func kinds(_ users: UserList) -> [(kind: String, count: Int)] {
        let all = users.map { Users.kind($0.suite) }
        return ["ocra", "totp", "hotp"].map { k in (k, all.filter { $0 == k }.count) }
    }

    /// ` (2 OCRA, 1 TOTP)`: the kinds there are; nothing for an empty vault.
    static func summary(_ kinds: [(kind: String, count: Int)]) -> String {
        let present = kinds.filter { $0.count > 0 }.map { "\($0.count) \($0.kind.uppercased())" }
        return present.isEmpty ? "" : " (" + present.joined(separator: ", ") + ")"
    }

    /// What `status` prints for the vault at `path` (nil: no vault there).
    static func render(path: String, _ s: SealedVault?, json: Bool) -> String {
        guard let s else {
            return json ? JSON.object([("path", .string(path)), ("exists", .bool(false))]).rendered + "\n"
                        : "vault:    \(path)\nexists:   no\n"
        }
        let kdf = s.kdfLevel.parameters
        let max = PINPolicy.maxFailedAttempts
        if json {
            return JSON.object([
                ("path", .string(path)), ("exists", .bool(true)),
                ("format_version", .int(Int(s.version))),
                ("kdf_level", .string(s.kdfLevel.rawValue)),
                ("kdf", .object([("algorithm", .string("argon2id13")), ("ops_limit", .uint(kdf.opsLimit)),
                                 ("mem_limit_bytes", .int(kdf.memLimitBytes))])),
                ("users", .int(s.users.count)),
                ("kinds", .object(kinds(s.users).map { ($0.kind, .int($0.count)) })),
                ("failed_pin_attempts", .int(Int(s.failedPINAttempts))),
                ("failed_recovery_attempts", .int(Int(s.failedRecoveryAttempts))),
                ("max_attempts", .int(Int(max))),
                ("blocked", .bool(s.isBlocked(.pin))), ("recovery_blocked", .bool(s.isBlocked(.recoveryPIN))),
                ("recovery_slot", .string(recoverySlot(s))),
            ]).rendered + "\n"
        }
        let mem = kdf.memLimitKiB >= 1024 ? "\(kdf.memLimitKiB >> 10) MiB" : "\(kdf.memLimitKiB) KiB"
        let upgrade = s.version < SealedVault.currentVersion ? " (upgraded to \(SealedVault.currentVersion) at the next change)" : ""
        func attempts(_ n: UInt16, _ what: String) -> String { "\(n) of \(max) \(what) attempt\(max == 1 ? "" : "s")" }
        return """
        vault:    \(path)
        exists:   yes
        format:   version \(s.version)\(upgrade)
        kdf:      \(s.kdfLevel.rawValue) (argon2id, \(kdf.opsLimit) pass\(kdf.opsLimit == 1 ? "" : "es"), \(mem))
        users:    \(s.users.count)\(summary(kinds(s.users)))
        failed:   \(attempts(s.failedPINAttempts, "PIN")), \(attempts(s.failedRecoveryAttempts, "recovery PIN"))
        blocked:  \(s.isBlocked(.pin) ? "yes (run 'ibkey pin reset')" : "no")\(s.isBlocked(.recoveryPIN) ? "; recovery blocked" : "")
        \(recoveryLine(s))
        """
    }
}
