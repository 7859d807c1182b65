/// A vault or backup as read from disk, still locked: everything needed to
/// show status, pick a user and count failed attempts, without any key.
public struct SealedVault: @unchecked Sendable {
    /// The version this build writes.
    public static let currentVersion: UInt16 = 2
    /// Files larger than this are refused before being parsed.
    public static let maxFileSize = VaultLayout.maxFileSize
    public static let maxUsers = VaultLayout.maxUsers

    public let container: ContainerKind
    /// The format version of the file as read (1 or 2).
    public let version: UInt16
    public let kdfLevel: KDFLevel
    public let slots: [KeySlot]
    public let users: UserList
    public var failedPINAttempts: UInt16
    public var failedRecoveryAttempts: UInt16

    enum Layout {
        case v1(FormatV1)
        case v2(FormatV2)
    }
    let layout: Layout
    let source: VaultSource

    public func slot(_ kind: PINKind) -> KeySlot? { slots.first { $0.kind == kind } }

    // MARK: lockout (Docs/VAULT.md, "Failed attempts and blocking")

    /// Consecutive wrong attempts with the PIN, or with the recovery PIN.
    public func failedAttempts(_ kind: PINKind) -> UInt16 {
        kind == .pin ? failedPINAttempts : failedRecoveryAttempts
    }

    /// True once `PINPolicy.maxFailedAttempts` wrong attempts of `kind` were made in a row.
    public func isBlocked(_ kind: PINKind) -> Bool { failedAttempts(kind) >= PINPolicy.maxFailedAttempts }

    /// Refuses a blocked PIN (or recovery PIN) before it is asked for.
    /// - Throws: `.vaultBlocked` or `.recoveryBlocked`.
    public func checkNotBlocked(_ kind: PINKind) throws {
        if isBlocked(kind) { throw kind == .pin ? IBKeyError.vaultBlocked : IBKeyError.recoveryBlocked }
    }

    /// Checks the directory against its checksum. A header-only read skips this;
    /// call it before telling a user a name is unknown, so that a damaged
    /// directory reads as damage (exit 6), not as a missing user.
    public func verifyDirectory() throws {
        if case .v2(let layout) = layout { try layout.verifyDirectory(source: source, noun: container.noun) }
    }

    /// The same parse, reading records and cells from another open file with the same header.
    func reading(from source: VaultSource) -> SealedVault {
        SealedVault(container: container, version: version, kdfLevel: kdfLevel, slots: slots, users: users,
                    failedPINAttempts: failedPINAttempts, failedRecoveryAttempts: failedRecoveryAttempts,
                    layout: layout, source: source)
    }

    /// Parses a whole file held in memory, fully verified. Every failure is
    /// `.damaged` or `.unsupportedVersion` (exit 6), never a wrong PIN.
    public static func parse(_ bytes: [UInt8], as container: ContainerKind) throws -> SealedVault {
        try read(VaultSource(bytes: bytes), as: container, verification: .full)
    }

    /// Parses from a source, reading only what `verification` needs.
    public static func read(_ source: VaultSource, as container: ContainerKind, verification: VaultVerification) throws -> SealedVault {
        let noun = container.noun
        func damaged(_ why: String) -> IBKeyError { .damaged("\(noun) damaged: \(why)") }
        guard source.size > 0 else { throw damaged("the file is empty") }
        guard source.size <= maxFileSize else { throw damaged("the file is larger than \(maxFileSize >> 20) MiB") }
        let prefix = try source.read(0, 64 << 10) // the whole fixed header, and a small directory
        guard prefix.count >= VaultLayout.magicRange.upperBound, Array(prefix[VaultLayout.magicRange]) == container.magic else { throw damaged("not an ibkey \(noun) file") }
        guard prefix.count >= VaultLayout.versionRange.upperBound else { throw damaged("the file is truncated") }
        let version = prefix[VaultLayout.versionRange].reduce(UInt16(0)) { $0 << 8 | UInt16($1) }
        switch version {
        case FormatV1.version: return try FormatV1.parse(try source.readAll(), as: container, source: source)
        case FormatV2.version: return try FormatV2.parse(prefix: prefix, source: source, as: container, verification: verification)
        default: throw IBKeyError.unsupportedVersion(what: "the \(noun)", version: Int(version))
        }
    }

    /// The same file with the attempt counters as set here. Needs no key: the
    /// counters are covered by the header checksum but by no associated data.
    public func serialized() throws -> [UInt8] {
        switch layout {
        case .v1(let body): return body.serialized(failedPIN: failedPINAttempts, failedRecovery: failedRecoveryAttempts)
        case .v2(let l): return try l.serialized(source: source, failedPIN: failedPINAttempts, failedRecovery: failedRecoveryAttempts)
        }
    }

    /// Opens with the PIN (or recovery PIN) of `slot`. Returns nil for a wrong PIN.
    public func unlock(_ kind: PINKind, pin: SecureBytes) throws -> UnlockedVault? {
        guard let dataKey = try dataKey(kind, pin: pin) else { return nil }
        return try open(dataKey: dataKey)
    }

    /// The data key from the slot of `kind`, or nil for a wrong PIN.
    func dataKey(_ kind: PINKind, pin: SecureBytes) throws -> SecureBytes? {
        guard let slot = slot(kind) else { throw IBKeyError.damaged("\(container.noun) damaged: key slot missing") }
        return try slot.unwrap(pin: pin, container: container)
    }

    /// Format 2 decrypts nothing more until a user's record is asked for;
    /// format 1 decrypts its single body here (`.damaged` if it does not open).
    func open(dataKey: SecureBytes) throws -> UnlockedVault {
        let vault: UnlockedVault
        switch layout {
        case .v1(let body): vault = try UnlockedVault(upgrading: self, body: body, dataKey: dataKey)
        case .v2(let l): vault = UnlockedVault(sealed: self, layout: l, dataKey: dataKey)
        }
        vault.failedPINAttempts = failedPINAttempts
        vault.failedRecoveryAttempts = failedRecoveryAttempts
        return vault
    }
}
