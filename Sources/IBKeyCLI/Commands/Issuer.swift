import ArgumentParser
import IBKeyCore

struct Issuer: ParsableCommand {
    /// The CI smoke test shown in `--help` (and the man page): PINs from the
    /// environment, the cheapest KDF, paths under the current folder.
    static let smokeTest = """
          export IBKEY_VAULT=$PWD/t/vault.ibkey IBKEY_ISSUER_STORE=$PWD/t/issuer.store
          export IBKEY_PIN=2580-9 IBKEY_RECOVERY_PIN='r7#Kq'
          ibkey issuer init
          CODE=$(ibkey issuer add-user alice)
          REG=$(printf '%s\\n' "$CODE" | ibkey enroll --user alice --kdf test -)
          ibkey issuer activate alice "$REG"
          Q=$(ibkey issuer challenge alice)
          ibkey issuer verify alice "$(ibkey respond "$Q")"
        """

    static let configuration = CommandConfiguration(
        // Explicit: otherwise the parser derives it with String(describing:) at every start.
        commandName: "issuer",
        abstract: "Play the login server: issue activation codes and challenges, verify responses.",
        discussion: """
        The store (--store, env IBKEY_ISSUER_STORE, default $XDG_DATA_HOME/ibkey/issuer.store) \
        keeps keys encrypted at rest under a 32-byte key file (--key-file, env \
        IBKEY_ISSUER_KEY_FILE, default beside the store). Standard output carries only \
        the value a script captures; messages go to stderr.

        A CI smoke test of the whole flow (Docs/ISSUER.md has the same; a test \
        runs it as written):
        \(smokeTest)

        Exit codes: 0 success; 1 a response or registration code rejected; 2 bad \
        input, or a user still pending; 4 blocked; 5 no store or unknown user; 7 \
        the user exists or is already active; 75 the store is in use (--no-wait).
        """,
        subcommands: [
            Init.self,
            AddUser.self,
            Activate.self,
            Challenge.self,
            Verify.self,
            Users.self,
            Remove.self,
        ]
    )
}
