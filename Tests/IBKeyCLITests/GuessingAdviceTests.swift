import Testing
@testable import IBKeyCLI

@Suite("Guessing advice")
struct GuessingAdviceTests {
    @Test("durations are shown in the unit a person reads at a glance")
    func durations() {
        #expect(GuessingAdvice.humanDuration(0.2) == "under a second")
        #expect(GuessingAdvice.humanDuration(1) == "1 second")
        #expect(GuessingAdvice.humanDuration(90) == "1.5 minutes")
        #expect(GuessingAdvice.humanDuration(5000) == "1.4 hours")
        #expect(GuessingAdvice.humanDuration(86_400 * 3) == "3 days")
        #expect(GuessingAdvice.humanDuration(31_557_600 * 41) == "41 years")
        #expect(GuessingAdvice.humanDuration(31_557_600 * 2e6) == "more than a million years")
    }
}
