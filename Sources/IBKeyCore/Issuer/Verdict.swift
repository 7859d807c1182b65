/// The verdict of one verification.
public enum Verdict: Equatable, Sendable {
    case accepted(counter: UInt64?)
    case rejected(String)
}
