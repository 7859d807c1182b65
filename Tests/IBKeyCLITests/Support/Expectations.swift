import Foundation
import Testing
import IBKeyCore

func json(_ s: String) -> Any? { try? JSONSerialization.jsonObject(with: Data(s.utf8)) }

/// A sandbox with one user enrolled from the reference code (key of the first
/// IB Key vector, counter 1).
func enrolledSandbox(users: [String] = ["alice"]) -> Sandbox {
    let s = Sandbox()
    for (i, u) in users.enumerated() {
        let code = i == 0 ? Reference.code() : Reference.code(counter: UInt32(100 * i), keyHex: String(repeating: "1\(i % 10)", count: 20))
        let r = s.run(["enroll", "--user", u, "-"] + Fixture.kdf, env: s.secrets, stdin: code + "\n")
        #expect(r.status == 0, "enroll \(u): \(r.stderr)")
    }
    return s
}

/// Runs a command that must fail: the documented exit code, nothing on stdout,
/// one `ibkey: error:` message, and the vault byte-for-byte unchanged.
func expectUnchanged(_ s: Sandbox, _ args: [String], env: [String: String]? = nil, stdin: String? = nil,
                     status: Int32, contains: String? = nil, sourceLocation: SourceLocation = #_sourceLocation) {
    let before = s.bytes(s.vault)
    let r = s.run(args, env: env ?? s.secrets, stdin: stdin)
    #expect(r.status == status, "\(args): got \(r.status): \(r.stderr)", sourceLocation: sourceLocation)
    #expect(r.stdout.isEmpty, "\(args): stdout \(r.stdout)", sourceLocation: sourceLocation)
    #expect(r.stderr.hasPrefix("ibkey: error: "), "\(r.stderr)", sourceLocation: sourceLocation)
    if let contains { #expect(r.stderr.contains(contains), "\(r.stderr)", sourceLocation: sourceLocation) }
    #expect(s.bytes(s.vault) == before, "\(args) changed the vault", sourceLocation: sourceLocation)
}
