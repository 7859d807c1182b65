import IBKeyCore

/// What a command does when another process holds the lock of the vault or
/// the issuer store (a `respond -` batch, say): wait and say so, or with
/// `--no-wait` stop at once (exit 75).
enum LockWait {
    static func handler(for what: String, noWait: Bool) -> (Int32?) throws -> Void {
        { holder in
            if noWait { throw IBKeyError.busy(what: what, holder: holder) }
            Console.note("waiting for \(what), in use by \(holder.map { "process \($0)" } ?? "another process")…")
        }
    }
}
