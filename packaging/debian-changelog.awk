# CHANGELOG.md (Keep a Changelog) as a Debian changelog, for the package's
# /usr/share/doc/ibkey/changelog.gz (build-deb.sh). ibkey is a native
# package, so this one file is both its upstream and its Debian changelog.
#
#   awk -v VERSION=0.3.0 -v MAINTAINER="Name <address>" -v NOW="$(date -R)" \
#       -f packaging/debian-changelog.awk CHANGELOG.md
#
# One entry per "## [X] - DATE" heading, from VERSION's (the package's) down
# to the oldest; newer headings are skipped. A released heading's entry is
# dated DATE at noon UTC; an "Unreleased" one is NOW, for distribution
# UNRELEASED. "### Added" and the like become "  Added:" lines, "- " items
# "  * ", backquotes are dropped. Exits 1 when no heading is VERSION's.
BEGIN { found = 0; entry = 0 }
function close_entry() {
    if (!entry) return
    if (!items) print "  * No changes recorded yet."
    print ""
    print " -- " MAINTAINER "  " date
    entry = 0
}
/^## \[/ {
    close_entry()
    v = $0; sub(/^## \[/, "", v); sub(/\].*/, "", v)
    d = $0; sub(/^## \[[^]]*\] - /, "", d)
    if (v == VERSION) found = 1
    if (!found) next
    if (d == "Unreleased") { dist = "UNRELEASED"; date = NOW }
    else {
        dist = "unstable"
        cmd = "date -u -R -d '" d " 12:00'"
        date = ""; cmd | getline date; close(cmd)
        if (date == "") { print "debian-changelog.awk: bad date in: " $0 > "/dev/stderr"; exit 2 }
    }
    if (entry_count++) print ""
    print "ibkey (" v ") " dist "; urgency=medium"
    print ""
    entry = 1; items = 0; group = ""
    next
}
!entry { next }
/^### / { group = substr($0, 5); next }
/^- / {
    if (group != "") { if (items) print ""; print "  " group ":"; group = "" }
    line = substr($0, 3); gsub(/`/, "", line)
    print "  * " line; items++; next
}
/^  [^ ]/ { line = substr($0, 3); gsub(/`/, "", line); print "    " line; next }
END {
    close_entry()
    if (!found) { print "debian-changelog.awk: CHANGELOG.md has no heading for " VERSION > "/dev/stderr"; exit 1 }
}
