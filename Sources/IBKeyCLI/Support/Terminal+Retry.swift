import IBKeyCore

extension Terminal {
    /// Asks for a line and parses it; a mistyped line (an error of `retried`)
    /// is said and asked again, three tries in all, as a refused new PIN is:
    /// at a terminal, typing again is cheaper than running the command again.
    /// The third refusal, and any other error, ends the command.
    /// - Parameters:
    ///   - prompt: the prompt, such as `ACTIVATION CODE>`.
    ///   - retried: which errors mean "typed wrong".
    ///   - parse: turns the typed line into the value.
    func readLine<T>(prompt: String, echo: Bool, retrying retried: (IBKeyError) -> Bool,
                     parse: (SecureBytes) throws -> T) throws -> T {
        let tries = 3
        for attempt in 1...tries {
            let typed = try readLine(prompt: prompt, echo: echo)
            do {
                return try parse(typed)
            } catch let error as IBKeyError where retried(error) && attempt < tries {
                write("ibkey: \(error.message); try again\n")
            }
        }
        // Not reached: the last attempt returns or throws.
        throw IBKeyError.internalError("no line read")
    }
}
