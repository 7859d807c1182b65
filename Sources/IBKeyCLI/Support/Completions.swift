import ArgumentParser
import IBKeyCore

/// What the shell completes beyond commands and options (bash, zsh, fish
/// scripts from `ibkey --generate-completion-script`): files for paths, and
/// the names a vault or an issuer store holds for `--user` and issuer NAMEs.
/// Names come from the vault's directory or the store's user list, which need
/// no PIN; nothing is printed when they cannot be read.
enum Completions {
    static let file = CompletionKind.file()

    /// The users of the vault named by `--vault` on the line, else the default vault.
    static let vaultUsers = CompletionKind.custom { words, _, prefix in
        guard let path = try? VaultOptions.resolve(value(of: "--vault", in: words)),
              let sealed = try? VaultStore(path: path).load(.header) else { return [] }
        return sealed.users.names.filter { $0.hasPrefix(prefix) && shellSafe($0) }
    }

    /// The TOTP and HOTP accounts of that vault (`code`: OCRA users have no codes).
    static let vaultOTPAccounts = CompletionKind.custom { words, _, prefix in
        guard let path = try? VaultOptions.resolve(value(of: "--vault", in: words)),
              let sealed = try? VaultStore(path: path).load(.header) else { return [] }
        return sealed.users.filter { $0.suite.otp != nil }.map(\.name).filter { $0.hasPrefix(prefix) && shellSafe($0) }
    }

    /// The users of the issuer store named by `--store`/`--key-file`, else the defaults.
    static let issuerUsers = CompletionKind.custom { words, _, prefix in
        var options = IssuerStoreOptions()
        options.store = value(of: "--store", in: words)
        options.keyFile = value(of: "--key-file", in: words)
        guard let store = try? IssuerStore(path: options.storePath, keyPath: options.keyPath),
              let state = try? store.read() else { return [] }
        return state.users.map(\.name).filter { $0.hasPrefix(prefix) && shellSafe($0) }
    }

    /// Whether a name may be offered to the shell. bash's `compgen -W`
    /// expands what it is given (`$(…)`, backquotes), and a name can come
    /// from an imported file: only letters, digits and `._-+@:,=%/` pass;
    /// other names are simply not offered.
    static func shellSafe(_ name: String) -> Bool {
        name.unicodeScalars.allSatisfy { $0.properties.isAlphabetic || $0.properties.numericType != nil || "._-+@:,=%/".unicodeScalars.contains($0) }
    }

    /// The value given to `option` on the command line so far (`--x V` or `--x=V`).
    static func value(of option: String, in words: [String]) -> String? {
        for (i, word) in words.enumerated() {
            if word == option, i + 1 < words.count { return words[i + 1] }
            if word.hasPrefix(option + "=") { return String(word.dropFirst(option.count + 1)) }
        }
        return nil
    }
}
