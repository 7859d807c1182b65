#if canImport(Glibc)
import Glibc
#endif
import IBKeyCore

/// Steps several commands share: choosing the user, and timing the KDF.
enum VaultAccess {
    /// The user a command acts on: the named one, or the only one.
    static func selectUser(_ name: String?, in sealed: SealedVault) throws -> UserEntry {
        if let name, let i = sealed.users.firstIndex(named: name) { return sealed.users[i] }
        if name == nil, sealed.users.count == 1 { return sealed.users[0] }
        // Every other answer is an error: make sure it is not a damaged directory speaking.
        try sealed.verifyDirectory()
        if let name { throw IBKeyError.userNotFound(name: name, known: sealed.users.names) }
        if sealed.users.isEmpty { throw IBKeyError.noUsers }
        throw IBKeyError.usage("several users are enrolled (\(sealed.users.names.joined(separator: ", "))); choose one with --user NAME")
    }

    static func monotonicSeconds() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }

    /// Times `body`, for the guessing estimate.
    static func timed<R>(_ body: () throws -> R) rethrows -> (R, Double) {
        let t0 = monotonicSeconds()
        let r = try body()
        return (r, monotonicSeconds() - t0)
    }
}
