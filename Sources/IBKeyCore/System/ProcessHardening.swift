import CSodium

/// Process-wide protection for a program that holds keys and PINs in memory.
public enum ProcessHardening {
    /// No core dumps, not dumpable (Docs/THREAT-MODEL.md, "Secret hygiene"). True when both took effect.
    @discardableResult
    public static func disableCoreDumps() -> Bool { ibkey_disable_core_dumps() == 0 }
}
