/// Computes responses for one enrolled user. For counter suites each
/// response uses the current counter and advances it; the caller stores the
/// advanced counter before showing any response.
public final class Responder {
    public let suite: OCRASuite
    private let ocra: OCRA
    private let pinHash: SecretRef?
    public private(set) var counter: UInt64

    public init(vault: UnlockedVault, index: Int) throws {
        let entry = vault.users[index]
        let secret = try vault.secret(at: index)
        do { suite = try OCRASuite(entry.suite) } catch {
            throw IBKeyError.damaged("vault damaged: user '\(entry.name)' has an unreadable suite")
        }
        // The record must carry exactly the P input the suite needs.
        guard secret.pinHash?.count == suite.pinHash?.digestLength else {
            throw IBKeyError.damaged("vault damaged: user '\(entry.name)' has no P input of the length its suite needs")
        }
        ocra = OCRA(suite: suite, key: secret.key)
        pinHash = secret.pinHash
        counter = secret.counter
    }

    /// The response to an already normalised challenge.
    public func respond(to challenge: String) throws -> String {
        if suite.usesCounter {
            // 2^64 − 1 responses cannot have been made: only an edited file holds this.
            guard counter < UInt64.max else { throw IBKeyError.damaged("vault damaged: the counter is at its end") }
            let r = try ocra.response(OCRAInput(counter: counter, question: challenge, pinHash: pinHash))
            counter += 1
            return r
        }
        return try ocra.response(OCRAInput(question: challenge, pinHash: pinHash))
    }
}
