public struct IssuerPolicy: Sendable {
    public var maxFailures: UInt32 = 10
    public var failureWindow: Int64 = 24 * 3600
    public var blockDuration: Int64 = 24 * 3600
    public var maxOpenChallenges = 20
    public init() {}
}
