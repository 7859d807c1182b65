import ArgumentParser
import IBKeyCore

/// The root command. Its `subcommands` list is the table of contents.
struct IBKey: ParsableCommand {
    static let version = "0.2.0"

    static let configuration = CommandConfiguration(
        commandName: "ibkey",
        abstract: "A command-line soft token: 8-digit OCRA responses to login challenges.",
        discussion: """
        A login screen shows a 6-digit challenge; 'ibkey respond' turns it into the \
        8-digit response after you unlock the vault with your PIN.

        Secrets never come from the command line. Each secret (PIN, recovery PIN, \
        new PIN) comes, in this order, from --X-fd N, --X-file PATH, the environment \
        (IBKEY_PIN, IBKEY_RECOVERY_PIN, IBKEY_NEW_PIN) or a prompt on the terminal; \
        --pin-stdin reads the PIN as the first line of standard input.

        EXAMPLES:
          ibkey enroll --user alice              # prompts for the code and PINs
          ibkey respond 123456                   # one response
          ibkey respond --pin-fd 3 - 3<pin.txt   # scripts: one response per stdin line
          printf '%s\\n' "$PIN" 123456 | ibkey respond --pin-stdin -
          ibkey issuer add-user alice            # CI: play the login server

        EXIT CODES:
        \(ExitStatus.table)
        """,
        version: version,
        subcommands: [
            Enroll.self,
            Import.self,
            Export.self,
            Respond.self,
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
}
