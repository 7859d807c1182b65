#!/usr/bin/env bash
# `make deb`: dist/ibkey_<version>_<arch>.deb from the release binary, with
# dpkg-deb (no debhelper, no source package). Run from anywhere; `make deb`
# builds the release binary first. Prints the package's path on stdout, and
# one line per step on stderr.
#
#   BIN              the binary to package (default .build/release/ibkey)
#   DEB_MAINTAINER   "Name <address>" for the Maintainer field and changelog
#                    (default "$DEBFULLNAME <$DEBEMAIL>" when both are set)
#   SOURCE_DATE_EPOCH  dates in the package (default: the last commit's)
set -euo pipefail
cd "$(dirname "$0")/.."

BIN=${BIN:-.build/release/ibkey}
[ -x "$BIN" ] || { echo "build-deb: no $BIN; run make release" >&2; exit 1; }
for tool in dpkg-deb dpkg-shlibdeps strip gzip; do
  command -v "$tool" >/dev/null || { echo "build-deb: $tool not found (make deb-deps)" >&2; exit 1; }
done

version=$("$BIN" --version)
arch=$(dpkg --print-architecture)
if [ -n "${DEB_MAINTAINER:-}" ]; then
  maintainer=$DEB_MAINTAINER
elif [ -n "${DEBFULLNAME:-}" ] && [ -n "${DEBEMAIL:-}" ]; then
  maintainer="$DEBFULLNAME <$DEBEMAIL>"
else
  # PLACEHOLDER: the project names no maintainer address yet.
  maintainer="ibkey maintainers <ibkey@example.invalid>"
fi
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || date +%s)}
say() { echo "build-deb: $*" >&2; }

# dpkg-shlibdeps wants a source tree: debian/control, and the package's
# files under debian/<package>.
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
root=$work/debian/ibkey
doc=$root/usr/share/doc/ibkey

say "staging ibkey $version ($arch): binary, man page, completions, documents, changelog"
install -d "$root/DEBIAN" "$root/usr/bin" "$root/usr/share/man/man1" "$doc" \
  "$root/usr/share/bash-completion/completions" "$root/usr/share/zsh/vendor-completions" \
  "$root/usr/share/fish/vendor_completions.d"

# The binary, without symbols and debug information (as dh_strip does). The
# Swift runtime is linked statically, so no Swift package is needed.
install -m 0755 "$BIN" "$root/usr/bin/ibkey"
strip --remove-section=.comment --remove-section=.note "$root/usr/bin/ibkey"

gzip -9n < Docs/ibkey.1 > "$root/usr/share/man/man1/ibkey.1.gz"

# Completions, from the argument parser. A bash completion file is sourced,
# not run: no #! line.
"$BIN" --generate-completion-script bash | sed '1{/^#!/d}' > "$root/usr/share/bash-completion/completions/ibkey"
"$BIN" --generate-completion-script zsh > "$root/usr/share/zsh/vendor-completions/_ibkey"
"$BIN" --generate-completion-script fish > "$root/usr/share/fish/vendor_completions.d/ibkey.fish"

install -m 0644 packaging/copyright "$doc/copyright"
# The documents, laid out as in the source tree so that their links to each
# other and IMPORT.md's Docs/examples/ paths hold, and the man page's SEE
# ALSO names them. Not gzipped (Policy 12.3 asks it of files over 4 kB): a
# reader opens them and follows their links as they are; lintian asks only
# the changelog to be compressed.
install -d "$doc/Docs/examples"
install -m 0644 README.md "$doc/README.md"
install -m 0644 Docs/*.md "$doc/Docs/"
install -m 0644 Docs/examples/* "$doc/Docs/examples/"
# ibkey is a native package: CHANGELOG.md, as a Debian changelog, is its
# changelog.gz, from this version's entry down (debian-changelog.awk fails
# when CHANGELOG.md has no heading for it).
awk -v VERSION="$version" -v MAINTAINER="$maintainer" -v NOW="$(date -u -R -d "@$SOURCE_DATE_EPOCH")" \
  -f packaging/debian-changelog.awk CHANGELOG.md > "$work/changelog"
gzip -9n < "$work/changelog" > "$doc/changelog.gz"

find "$root/usr" -type d -exec chmod 0755 {} +
find "$root/usr" -type f ! -path '*/usr/bin/*' -exec chmod 0644 {} +

# Depends: the libraries the binary links (libsodium, libcrypto, libqrencode,
# libc), from dpkg-shlibdeps.
say "dpkg-shlibdeps: the libraries usr/bin/ibkey links"
printf 'Source: ibkey\n\nPackage: ibkey\nArchitecture: any\n' > "$work/debian/control"
shlibs=$(cd "$work" && dpkg-shlibdeps -O -edebian/ibkey/usr/bin/ibkey | sed -n 's/^shlibs:Depends=//p')
[ -n "$shlibs" ] || { echo "build-deb: dpkg-shlibdeps found no dependencies" >&2; exit 1; }
# By hand: ibkey loads libexpat.so.1 with dlopen (only `ibkey import` of a
# PSKC file), which dpkg-shlibdeps cannot see. 2.0.1 is the version the
# libexpat1 symbols file gives every XML_* function ibkey calls.
# The same for the image import (a QR code screenshot): libzbar.so.0 from
# 0.23.1 (ZBAR_CFG_BINARY, raw QR bytes), libturbojpeg.so.0 from 1:2.0.2
# (tjGetErrorStr2, per its symbols file), libpng16.so.16's simplified API
# (the version its shlibs file gives).
depends="$shlibs, libexpat1 (>= 2.0.1), libzbar0 (>= 0.23.1), libpng16-16 (>= 1.6.2-1), libturbojpeg0 (>= 1:2.0.2)"

installed_size=$(du -k -s --apparent-size "$root/usr" | cut -f1)
sed -e "s|@VERSION@|$version|" -e "s|@ARCH@|$arch|" -e "s|@MAINTAINER@|$maintainer|" \
    -e "s|@INSTALLED_SIZE@|$installed_size|" -e "s|@DEPENDS@|$depends|" \
    packaging/control.in > "$root/DEBIAN/control"
(cd "$root" && find usr -type f -print0 | sort -z | xargs -0 md5sum) > "$root/DEBIAN/md5sums"
chmod 0644 "$root/DEBIAN/control" "$root/DEBIAN/md5sums"

mkdir -p dist
deb=dist/ibkey_${version}_${arch}.deb
# Files owned by root:root whoever builds (no fakeroot needed).
say "dpkg-deb: writing $deb"
dpkg-deb --build --root-owner-group "$root" "$deb" >/dev/null
echo "$deb"
