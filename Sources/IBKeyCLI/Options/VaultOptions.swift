import ArgumentParser
import IBKeyCore

/// `--vault PATH` (env IBKEY_VAULT; default $XDG_DATA_HOME/ibkey/vault.ibkey).
struct VaultOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The vault file. Default: $IBKEY_VAULT, else $XDG_DATA_HOME/ibkey/vault.ibkey (~/.local/share when unset).", valueName: "path"), completion: Completions.file)
    var vault: String?

    @Flag(name: .customLong("no-wait"), help: "If another ibkey holds the vault, stop at once (exit 75) instead of waiting.")
    var noWait = false

    @OptionGroup var notes: QuietOption

    var path: String { get throws { try Self.resolve(vault) } }

    /// `--vault` if given, else $IBKEY_VAULT, else the default under $XDG_DATA_HOME.
    static func resolve(_ explicit: String?) throws -> String {
        if let explicit, !explicit.isEmpty { return explicit }
        if let env = Environment.value("IBKEY_VAULT"), !env.isEmpty { return env }
        return try Environment.dataHome + "/ibkey/vault.ibkey"
    }

    var store: VaultStore { get throws { Self.store(try path, noWait: noWait) } }

    /// The vault at `path`, printing warnings and saying when it waits for the lock.
    static func store(_ path: String, noWait: Bool) -> VaultStore {
        let store = VaultStore(path: path, warn: { Console.warning($0) })
        store.ifLocked = LockWait.handler(for: "the vault", noWait: noWait)
        return store
    }
}

extension KDFLevel: ExpressibleByArgument {}
