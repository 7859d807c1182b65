# Finishes the man page generate-manual writes (make docs):
# - the header of a user command: groff before 1.23 (Debian 12) heads every
#   mdoc page "BSD General Commands Manual", from its built-in operating
#   system "BSD"; .Dt is followed by the volume title groff 1.23 and mandoc
#   print anyway, and .Os names ibkey for the footer (no version: the page
#   would keep the one it was generated with);
# - an empty line inside text becomes .Pp (mdoc warns about empty lines);
# - indented lines (examples, tables) are kept as they are, in .Bd -literal;
# - the EXIT CODES table of the root command's --help text is left out of
#   DESCRIPTION: the page lists the codes once, in EXIT STATUS;
# - the sections of Docs/man/sections.mdoc replace the generated EXIT STATUS,
#   with the exit codes from `ibkey --help` (EXIT), one .It per code.
BEGIN { literal = 0; pp = 0; exitcodes = 0 }
function close_literal() { if (literal) { print ".Ed"; literal = 0 } }
# A blank line's .Pp is printed before the next line that is printed.
function flush_pp() { if (pp) { print ".Pp"; pp = 0 } }
/^\.Dt / {
    print
    print ".\\\" Section 1's volume title, as groff 1.23 and mandoc give it (groff 1.22 prefixes BSD)."
    print ".ds doc-volume General Commands Manual"
    next
}
/^\.Os/ { print ".Os ibkey"; next }
/^EXIT CODES:$/ { close_literal(); pp = 0; exitcodes = 1; next }
exitcodes && /^  / { next }
{ exitcodes = 0 }
/^\.Sh "EXIT STATUS"/ {
    close_literal(); pp = 0
    while ((getline line < SECTIONS) > 0) {
        if (line == "@EXIT_STATUS@") {
            n = split(EXIT, rows, "\n")
            for (i = 1; i <= n; i++) {
                if (rows[i] ~ /^ *[0-9]+ /) {
                    code = rows[i]; sub(/^ */, "", code); meaning = code
                    sub(/ .*/, "", code); sub(/^[0-9]+ +/, "", meaning)
                    print ".It " code; print meaning
                }
            }
        } else print line
    }
    skip = 1; next
}
skip && /^\.Sh AUTHORS/ { skip = 0 }
skip { next }
/^$/ { close_literal(); pp = 1; next }
/^  / && !/^\./ { flush_pp(); if (!literal) { print ".Bd -literal -offset indent"; literal = 1 } print; next }
{ close_literal(); flush_pp(); print }
END { close_literal(); flush_pp() }
