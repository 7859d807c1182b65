import IBKeyCore

/// What `users`, `status` and `issuer users` print for a file's bytes, in
/// both forms, reachable from outside this module so that the fuzzer
/// (`ibkey-fuzz`) exercises the printing paths and not only the parsers.
public enum PrintingPaths {
    /// Parses `bytes` as a vault and renders it as `users` and `status` do.
    /// Returns the number of characters printed, or nil when it does not parse.
    public static func vault(_ bytes: [UInt8]) -> Int? {
        guard let sealed = try? SealedVault.parse(bytes, as: .vault) else { return nil }
        var printed = 0
        for json in [false, true] {
            printed += check(Users.render(sealed.users, counters: (try? sealed.storedCounters()) ?? nil, json: json))
            printed += check(Status.render(path: "/fuzz/vault.ibkey", sealed, json: json))
        }
        return printed
    }

    /// Decodes `bytes` as an issuer store under `key` and renders it as `issuer users` does.
    public static func issuerStore(_ bytes: [UInt8], key: SecureBytes, now: Int64) -> Int? {
        guard let state = try? IssuerStoreCodec.decode(bytes, key: key) else { return nil }
        return check(Issuer.Users.render(state, now: now, json: false)) + check(Issuer.Users.render(state, now: now, json: true))
    }

    /// What reaches the terminal carries no raw control, format or separator character.
    private static func check(_ text: String) -> Int {
        let shown = TerminalText.escaped(text, keepLines: true)
        precondition(!shown.unicodeScalars.contains { $0 != "\n" && $0 != "\t" && UnicodeClass.isControlOrFormat($0) })
        return shown.count
    }
}
