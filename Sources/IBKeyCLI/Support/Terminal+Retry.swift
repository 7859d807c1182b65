import IBKeyCore

extension Terminal {
    /// Typed input refused by a prompt's check, to be asked for again.
    struct Refused: Error {
        /// The command's error once no try is left.
        let error: Error
        /// What is said before asking again.
        let message: String

        init(_ error: IBKeyError, saying message: String? = nil) {
            self.error = error
            self.message = message ?? error.cliMessage
        }

        init(_ error: UsageError, saying message: String? = nil) {
            self.error = error
            self.message = message ?? error.message
        }
    }

    /// Asks for a line and parses it; when `parse` throws `Refused`, that is
    /// said and the line asked for again, three tries in all (as `passwd`
    /// does: at a terminal, typing again is cheaper than running the command
    /// again). The third refusal is the command's error (not "try again");
    /// any other error ends the command at once.
    /// - Parameters:
    ///   - prompt: the prompt, such as `Activation code: `.
    ///   - parse: turns the typed line into the value; may read more lines (a repeat).
    func readLine<T>(prompt: String, echo: Bool, bufferSize: Int = 1024, parse: (SecureBytes) throws -> T) throws -> T {
        let tries = 3
        for attempt in 1...tries {
            let typed = try readLine(prompt: prompt, echo: echo, bufferSize: bufferSize)
            do {
                return try parse(typed)
            } catch let refused as Refused {
                if attempt == tries { throw refused.error }
                write("ibkey: \(refused.message); try again\n")
            }
        }
        throw IBKeyError.internalError("no line read") // not reached: the last try returns or throws
    }

    /// As `readLine(prompt:echo:parse:)`, asking again when `parse` throws an
    /// error that `retried` says means "typed wrong".
    func readLine<T>(prompt: String, echo: Bool, retrying retried: (IBKeyError) -> Bool,
                     parse: (SecureBytes) throws -> T) throws -> T {
        try readLine(prompt: prompt, echo: echo) { typed in
            do { return try parse(typed) } catch let error as IBKeyError where retried(error) { throw Refused(error) }
        }
    }
}
