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

/// Errors already said on stderr, one line each (the bad lines of a
/// `respond --keep-going` batch): the command ends with exit 2 and nothing more.
struct ReportedUsageErrors: Error, Equatable {
    /// How many were said.
    let count: Int
}
