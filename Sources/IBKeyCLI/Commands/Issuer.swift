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

    /// The same for a TOTP user, with oathtool as the authenticator app
    /// (Docs/ISSUER.md, "A TOTP smoke test"; a test runs it as written).
    static let totpSmokeTest = """
          export IBKEY_ISSUER_STORE=$PWD/t/issuer.store
          ibkey issuer init
          URI=$(ibkey issuer add-user bob --totp)
          SECRET=$(printf '%s\\n' "$URI" | sed 's/.*[?&]secret=\\([A-Z2-7]*\\).*/\\1/')
          CODE=$(oathtool --totp -b "$SECRET")
          ibkey issuer verify bob "$CODE"
          ! ibkey issuer verify bob "$CODE"
        """

    static let configuration = CommandConfiguration(
        // Explicit: otherwise the parser derives it with String(describing:) at every start.
        commandName: "issuer",
        abstract: "Play the login server: issue activation codes and challenges, or TOTP/HOTP accounts; verify responses and codes.",
        discussion: """
        The store (--store, env IBKEY_ISSUER_STORE, default $XDG_DATA_HOME/ibkey/issuer.store) \
        keeps keys encrypted at rest under a 32-byte key file (--key-file, env \
        IBKEY_ISSUER_KEY_FILE, default beside the store). Standard output carries only \
        the value a script captures; messages go to stderr.

        A CI smoke test of the whole flow (Docs/ISSUER.md has the same; a test \
        runs it as written):
        \(smokeTest)

        The same for a TOTP login, with oathtool as the authenticator app (the \
        last line passes because the replay is refused):
        \(totpSmokeTest)

        Exit codes: 0 success; 1 a response, code or registration code rejected \
        (a TOTP/HOTP code used before, too); 2 bad input, a user still pending, or \
        an OCRA-only option or command for a TOTP/HOTP user; 4 blocked; 5 no store \
        or unknown user; 7 the user exists or is already active; 75 the store is \
        in use (--no-wait).
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
