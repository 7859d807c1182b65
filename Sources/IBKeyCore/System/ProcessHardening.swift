import CSodium

/// Process-wide protection for a program that holds keys and PINs in memory
/// (Docs/THREAT-MODEL.md, "Secret hygiene"): no core dumps, not dumpable,
/// files created owner-only, SIGPIPE and SIGXFSZ turned into errors.
public enum ProcessHardening {
    /// Applies every protection; called once, first thing at start-up.
    /// - Returns: true when the core-dump protections took effect.
    @discardableResult
    public static func apply() -> Bool { ibkey_harden_process() == 0 }
}
