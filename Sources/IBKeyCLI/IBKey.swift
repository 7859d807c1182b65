import ArgumentParser
import IBKeyCore

/// The root command. Its `subcommands` list is the table of contents.
struct IBKey: ParsableCommand {
    static let version = "0.4.0"

    static let configuration = CommandConfiguration(
        commandName: "ibkey",
        abstract: "A command-line soft token: OCRA responses to login challenges, and TOTP/HOTP codes.",
        discussion: """
        A login screen shows a 6-digit challenge; 'ibkey respond' turns it into the \
        8-digit response after you unlock the vault with your PIN. The same vault \
        holds TOTP and HOTP accounts (authenticator-app codes): 'ibkey code'.

        Secrets never come from the command line. Each secret comes, in this \
        order, from --X-fd N, --X-file PATH, the environment or a prompt on the \
        terminal: the PIN (--pin-*, IBKEY_PIN; --pin-stdin reads it as the first \
        line of standard input), the recovery PIN (--recovery-pin-*, \
        IBKEY_RECOVERY_PIN), a new PIN (--new-pin-*, IBKEY_NEW_PIN), a token PIN \
        (--token-pin-*, IBKEY_TOKEN_PIN), a raw key (--secret-*, IBKEY_SECRET), a \
        PSKC file's password (--password-*, IBKEY_IMPORT_PASSWORD or \
        IBKEY_EXPORT_PASSWORD). A PIN typed wrong at the prompt is asked again, \
        three tries in all, each counted.

        Errors and warnings go to stderr always; notes (what was done, advice) \
        only on a terminal, and not with --quiet.

        EXAMPLES:
          ibkey enroll --user alice              # prompts for the code and PINs
          ibkey respond 123456                   # one response
          ibkey code                             # TOTP/HOTP codes: one account, or all
          ibkey respond --pin-fd 3 - 3<pin.txt   # scripts: one response per stdin line
          printf '%s\\n' "$PIN" 123456 | ibkey respond --pin-stdin -
          ibkey issuer add-user alice            # CI: play the login server
          ibkey import --user bob tokens.pskc    # keys from PSKC, IB Key data files
          ibkey import ~/Pictures/qr.png         # a TOTP account from a QR screenshot

        EXIT CODES:
        \(ExitStatus.table)
        """,
        subcommands: [
            Enroll.self,
            Import.self,
            Export.self,
            Respond.self,
            Code.self,
            Users.self,
            Remove.self,
            Status.self,
            PIN.self,
            RecoveryPIN.self,
            Backup.self,
            Restore.self,
            Reset.self,
            Selftest.self,
            Issuer.self,
        ]
    )

    // Not `version:` in the configuration: ArgumentParser would list --version
    // under every command's options, where it has no place. `Tool.main`
    // answers `ibkey --version` before parsing; this flag lists it in the
    // root's help and answers the forms that reach the parser.
    @Flag(name: .customLong("version"), help: "Show the version.")
    var showVersion = false

    func run() throws {
        guard showVersion else { throw CleanExit.helpRequest(self) } // a command group without a command
        Console.out(Self.version + "\n")
    }
}
