/// How much of a vault file a reader checks.
public enum VaultVerification: Sendable {
    /// Header checksum, structure and file length: enough to pick a user,
    /// unlock, and open that user's authenticated record (`respond`).
    case header
    /// Also the checksum of every record and the padding: any damaged byte
    /// outside the counter cells is reported (everything else).
    case full
}
