import ArgumentParser
import IBKeyCore

/// `--vault PATH` (env IBKEY_VAULT; default $XDG_DATA_HOME/ibkey/vault.ibkey).
struct VaultOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The vault file. Default: $IBKEY_VAULT, else $XDG_DATA_HOME/ibkey/vault.ibkey (~/.local/share when unset).", valueName: "path"))
    var vault: String?

    var path: String { Self.resolve(vault) }

    /// `--vault` if given, else $IBKEY_VAULT, else the default under $XDG_DATA_HOME.
    static func resolve(_ explicit: String?) -> String {
        if let explicit, !explicit.isEmpty { return explicit }
        if let env = Environment.value("IBKEY_VAULT"), !env.isEmpty { return env }
        return Environment.dataHome + "/ibkey/vault.ibkey"
    }

    var store: VaultStore { VaultStore(path: path, warn: Console.warning) }
}

extension KDFLevel: ExpressibleByArgument {}
