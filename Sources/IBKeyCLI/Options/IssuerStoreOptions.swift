import ArgumentParser
import IBKeyCore

/// `--store PATH` and `--key-file PATH`.
struct IssuerStoreOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The issuer store. Default: $IBKEY_ISSUER_STORE, else $XDG_DATA_HOME/ibkey/issuer.store.", valueName: "path"), completion: Completions.file)
    var store: String?

    @Option(name: .customLong("key-file"), help: ArgumentHelp("The store's 32-byte key file. Default: $IBKEY_ISSUER_KEY_FILE, else <store>.key.", valueName: "path"), completion: Completions.file)
    var keyFile: String?

    var storePath: String {
        get throws {
            if let store, !store.isEmpty { return store }
            if let env = Environment.value("IBKEY_ISSUER_STORE"), !env.isEmpty { return env }
            return try Environment.dataHome + "/ibkey/issuer.store"
        }
    }

    var keyPath: String {
        get throws {
            if let keyFile, !keyFile.isEmpty { return keyFile }
            if let env = Environment.value("IBKEY_ISSUER_KEY_FILE"), !env.isEmpty { return env }
            return try storePath + ".key"
        }
    }

    @Flag(name: .customLong("no-wait"), help: "If another ibkey holds the store, stop at once (exit 75) instead of waiting.")
    var noWait = false

    @OptionGroup var notes: QuietOption

    var opened: IssuerStore {
        get throws {
            let store = IssuerStore(path: try storePath, keyPath: try keyPath, warn: { Console.warning($0) })
            store.ifLocked = LockWait.handler(for: "the issuer store", noWait: noWait)
            return store
        }
    }
}
