import ArgumentParser
import IBKeyCore

struct Issuer: ParsableCommand {
    static let configuration = CommandConfiguration(
        // Explicit: otherwise the parser derives it with String(describing:) at every start.
        commandName: "issuer",
        abstract: "Play the login server: issue activation codes and challenges, verify responses.",
        discussion: """
        The store (--store, env IBKEY_ISSUER_STORE, default $XDG_DATA_HOME/ibkey/issuer.store) \
        keeps keys encrypted at rest under a 32-byte key file (--key-file, env \
        IBKEY_ISSUER_KEY_FILE, default beside the store). Standard output carries only \
        the value a script captures; messages go to stderr.

        A CI smoke test of the whole flow:
          ibkey issuer init
          CODE=$(ibkey issuer add-user alice)
          REG=$(printf '%s\\n' "$CODE" | ibkey enroll --user alice -)
          ibkey issuer activate alice "$REG"
          Q=$(ibkey issuer challenge alice)
          ibkey issuer verify alice "$(ibkey respond "$Q")"
        """,
        subcommands: [
            IssuerInit.self,
            IssuerAddUser.self,
            IssuerActivate.self,
            IssuerChallenge.self,
            IssuerVerify.self,
            IssuerUsers.self,
            IssuerRemove.self,
        ]
    )
}

/// `--store PATH` and `--key-file PATH`.
struct IssuerStoreOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The issuer store. Default: $IBKEY_ISSUER_STORE, else $XDG_DATA_HOME/ibkey/issuer.store.", valueName: "path"))
    var store: String?

    @Option(name: .customLong("key-file"), help: ArgumentHelp("The store's 32-byte key file. Default: $IBKEY_ISSUER_KEY_FILE, else <store>.key.", valueName: "path"))
    var keyFile: String?

    var storePath: String {
        if let store, !store.isEmpty { return store }
        if let env = Environment.value("IBKEY_ISSUER_STORE"), !env.isEmpty { return env }
        return Environment.dataHome + "/ibkey/issuer.store"
    }

    var keyPath: String {
        if let keyFile, !keyFile.isEmpty { return keyFile }
        if let env = Environment.value("IBKEY_ISSUER_KEY_FILE"), !env.isEmpty { return env }
        return storePath + ".key"
    }

    var opened: IssuerStore { IssuerStore(path: storePath, keyPath: keyPath) }
}
