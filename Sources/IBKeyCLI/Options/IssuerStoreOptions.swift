import ArgumentParser
import IBKeyCore

/// `--store PATH` and `--key-file PATH`.
struct IssuerStoreOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The issuer store. Default: $IBKEY_ISSUER_STORE, else $XDG_DATA_HOME/ibkey/issuer.store.", valueName: "path"), completion: Completions.file)
    var store: String?

    @Option(name: .customLong("key-file"), help: ArgumentHelp("The store's 32-byte key file. Default: $IBKEY_ISSUER_KEY_FILE, else <store>.key.", valueName: "path"), completion: Completions.file)
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

    @Flag(name: .customLong("no-wait"), help: "If another ibkey holds the store, stop at once (exit 75) instead of waiting.")
    var noWait = false

    @OptionGroup var notes: QuietOption

    var opened: IssuerStore {
        let store = IssuerStore(path: storePath, keyPath: keyPath, warn: { Console.warning($0) })
        store.ifLocked = LockWait.handler(for: "the issuer store", noWait: noWait)
        return store
    }
}
