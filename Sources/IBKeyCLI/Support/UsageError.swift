/// A command line used wrongly, or input the CLI itself refuses (a missing
/// secret source, an answer that was not "yes"): exit 2, with what to do.
/// The core never throws this; its bad-input cases are `IBKeyError`s.
struct UsageError: Error, Equatable {
    /// One lowercase line.
    let message: String
    /// What to do about it, or nil.
    let hint: String?

    init(_ message: String, hint: String? = nil) {
        self.message = message
        self.hint = hint
    }
}
