import Foundation
import Testing

/// Replays the fuzz seed corpus and every kept crasher through each fuzz
/// target (the ordinary build of `ibkey-fuzz` is the regression runner).
@Suite("Fuzz regressions")
struct FuzzRegressionTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test("seed corpus and crashers run through every parser without a crash")
    func replay() {
        let s = Sandbox()
        let runner = (Binary.path as NSString).deletingLastPathComponent + "/ibkey-fuzz"
        let r = s.run([Self.root.path + "/Fuzz/corpus", Self.root.path + "/Fuzz/crashers"], executable: runner)
        #expect(r.status == 0, "\(r.stderr)")
        let count = Int(r.stdout.split(separator: " ").dropFirst(2).first ?? "") ?? 0
        #expect(count >= 30, "\(r.stdout)")
    }
}
