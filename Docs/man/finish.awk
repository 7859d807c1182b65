# Finishes the man page generate-manual writes (make docs):
# - an empty line inside text becomes .Pp (mdoc warns about empty lines);
# - indented lines (examples, tables) are kept as they are, in .Bd -literal;
# - the sections of Docs/man/sections.mdoc replace the generated EXIT STATUS,
#   with the exit codes from `ibkey --help` (EXIT), one .It per code.
BEGIN { literal = 0 }
function close_literal() { if (literal) { print ".Ed"; literal = 0 } }
/^\.Sh "EXIT STATUS"/ {
    close_literal()
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
/^$/ { close_literal(); print ".Pp"; next }
/^  / && !/^\./ { if (!literal) { print ".Bd -literal -offset indent"; literal = 1 } print; next }
{ close_literal(); print }
END { close_literal() }
