import Foundation
import Testing
@testable import IBKeyCLI
import IBKeyCore

/// The secrets `IBKEY_*` variables give are moved into guarded memory and
/// scrubbed from the environment at start; once the command is known, those it
/// does not use are released (Docs/README.md, environment). One test, in
/// process, because the slots are process-wide.
@Suite("Secrets from the environment")
struct EnvironmentSecretsTests {
    static let kinds: [SecretKind] = [.pin, .recoveryPIN, .newPIN, .tokenPIN, .secret, .importPassword, .exportPassword]

    func setAll() {
        for kind in Self.kinds { setenv(kind.envName, "value of \(kind.envName)", 1) }
        EnvironmentSecrets.captureAndScrub()
    }

    @Test("captured and scrubbed; respond keeps only the PIN, other commands only what they declare")
    func release() {
        setAll()
        for kind in Self.kinds {
            #expect(getenv(kind.envName) == nil, "\(kind.envName) is still in the environment")
            #expect(EnvironmentSecrets.captured(kind)?.withBytes { String(decoding: $0, as: UTF8.self) } == "value of \(kind.envName)")
        }
        // respond's fast path: the recovery PIN and the rest are dropped.
        EnvironmentSecrets.keepOnlyPIN()
        #expect(EnvironmentSecrets.captured(.pin) != nil)
        for kind in Self.kinds where kind != .pin { #expect(EnvironmentSecrets.captured(kind) == nil, "\(kind) kept by respond") }
        // A parsed command keeps what it declares.
        setAll()
        EnvironmentSecrets.keepOnly(Export.secrets)
        for kind in Self.kinds {
            #expect((EnvironmentSecrets.captured(kind) != nil) == Export.secrets.contains(kind), "\(kind) for export")
        }
        EnvironmentSecrets.keepOnly([])
        for kind in Self.kinds { #expect(EnvironmentSecrets.captured(kind) == nil) }
    }
}
