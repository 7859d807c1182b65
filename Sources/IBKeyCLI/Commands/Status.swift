import ArgumentParser
import IBKeyCore

struct Status: ParsableCommand {
    static let configuration = CommandConfiguration(
        // Explicit: otherwise the parser derives it with String(describing:) at every start.
        commandName: "status",
        abstract: "Show the vault's path, format, KDF settings, users and failed PIN attempts (no PIN needed)."
    )

    @OptionGroup var vault: VaultOptions
    @OptionGroup var output: JSONOption

    func run() throws {
        let store = vault.store
        guard store.exists else {
            if output.json {
                Console.out(JSON.object([("path", .string(store.path)), ("exists", .bool(false))]).rendered + "\n")
            } else {
                Console.out("vault:    \(store.path)\nexists:   no\n")
            }
            return
        }
        let s = try store.load()
        let pinSlot = s.slot(.pin), recSlot = s.slot(.recoveryPIN)
        let blocked = s.isBlocked(.pin)
        let recoveryBlocked = s.isBlocked(.recoveryPIN)
        if output.json {
            func kdf(_ slot: KeySlot?) -> JSON {
                guard let slot else { return .null }
                return .object([("algorithm", .string("argon2id13")), ("ops_limit", .int(Int64(slot.kdf.opsLimit))),
                                ("mem_limit_bytes", .int(slot.kdf.memLimitBytes))])
            }
            Console.out(JSON.object([
                ("path", .string(store.path)), ("exists", .bool(true)),
                ("format_version", .int(Int(s.version))),
                ("kdf_level", .string(s.kdfLevel.rawValue)),
                ("kdf", kdf(pinSlot)), ("recovery_kdf", kdf(recSlot)),
                ("users", .int(s.users.count)),
                ("failed_pin_attempts", .int(Int(s.failedPINAttempts))),
                ("failed_recovery_attempts", .int(Int(s.failedRecoveryAttempts))),
                ("max_attempts", .int(Int(PINPolicy.maxFailedAttempts))),
                ("blocked", .bool(blocked)), ("recovery_blocked", .bool(recoveryBlocked)),
            ]).rendered + "\n")
            return
        }
        let kdfText = pinSlot.map { slot in
            let mem = slot.kdf.memLimitKiB >= 1024 ? "\(slot.kdf.memLimitKiB >> 10) MiB" : "\(slot.kdf.memLimitKiB) KiB"
            return "argon2id, \(slot.kdf.opsLimit) passes, \(mem)"
        } ?? "-"
        Console.out("""
        vault:    \(store.path)
        exists:   yes
        format:   version \(s.version)\(s.version < SealedVault.currentVersion ? " (upgraded to \(SealedVault.currentVersion) at the next change)" : "")
        kdf:      \(s.kdfLevel.rawValue) (\(kdfText))
        users:    \(s.users.count)
        failed:   \(s.failedPINAttempts) of \(PINPolicy.maxFailedAttempts) PIN attempts, \(s.failedRecoveryAttempts) of \(PINPolicy.maxFailedAttempts) recovery PIN attempts
        blocked:  \(blocked ? "yes (run 'ibkey pin reset')" : "no")\(recoveryBlocked ? "; recovery blocked" : "")

        """)
    }
}
