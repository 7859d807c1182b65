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
