# ibkey — see README.md. `make` sets up, builds release and runs the selftest;
# `make test` runs every test; `make bench` the benchmarks.
PREFIX ?= /usr/local
SWIFT ?= swift
# Start-up time is part of the product: a static Swift runtime (no dozen shared
# libraries to load and relocate; Package.swift also links the C++ runtime
# statically) and no $$ORIGIN run path (17 failed library look-ups per start).
RELEASE_FLAGS := -c release --static-swift-stdlib --disable-local-rpath
BIN := .build/release/ibkey
# libexpat, zbar, libpng and TurboJPEG: headers only; ibkey loads them with
# dlopen when import needs them (Docs/IMPORT.md).
APT_PACKAGES := libsodium-dev libssl-dev libqrencode-dev libexpat1-dev libzbar-dev libpng-dev libturbojpeg0-dev pkg-config
# Tools the tests use beyond the product's own dependencies (dpkg-dev: make deb;
# qrencode: the QR code images the image import reads; oathtool: the TOTP and
# HOTP codes of another implementation).
TEST_APT_PACKAGES := python3 python3-pip dpkg-dev qrencode oathtool
# An X server of the tests' own and the clipboard programs for --copy; where
# they cannot be installed, the --copy suite is reported as skipped, not passed.
TEST_DESKTOP_PACKAGES := xvfb xclip xsel
# Shells whose completions the tests try for real; where they cannot be
# installed those two test cases are reported as skipped, not passed.
TEST_SHELL_PACKAGES := zsh fish
# Independent peers for the tests: PyNaCl (vault reader), oath (OCRA), python-pskc (PSKC), pyotp (TOTP/HOTP).
TEST_PIP_PACKAGES := pynacl oath python-pskc pyotp
BENCH_APT_PACKAGES := hyperfine oathtool
# `make deb`: dpkg-shlibdeps (dpkg-dev), and lintian, which `make deb` runs
# when it is installed.
DEB_APT_PACKAGES := dpkg-dev lintian

.PHONY: all deps test-deps bench-deps deb-deps build release test bench fuzz fuzz-seeds fixture install uninstall clean docs deb

all: release
	$(BIN) selftest

# Installs those of the Debian packages $(1) that are missing (root, or sudo).
define apt_install
	@missing=""; \
	for p in $(1); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq $$missing; \
	fi
endef

# Install the system libraries when missing (Debian/Ubuntu; needs root).
deps:
	$(call apt_install,$(APT_PACKAGES))

test-deps: deps
	$(call apt_install,$(TEST_APT_PACKAGES))
	-$(call apt_install,$(TEST_SHELL_PACKAGES))
	-$(call apt_install,$(TEST_DESKTOP_PACKAGES))
	@# Independent peers the tests check against (a Debian python3 wants --break-system-packages).
	@python3 -c 'import nacl, oath, pskc, pyotp' 2>/dev/null || python3 -m pip install -q $(TEST_PIP_PACKAGES) \
	  || python3 -m pip install -q --break-system-packages $(TEST_PIP_PACKAGES)

bench-deps: deps
	$(call apt_install,$(BENCH_APT_PACKAGES))
	@python3 -c 'import oath' 2>/dev/null || python3 -m pip install -q oath

deb-deps: deps
	$(call apt_install,$(DEB_APT_PACKAGES))

build: deps
	$(SWIFT) build

release: deps
	@echo "building $(BIN) (release)"
	$(SWIFT) build $(RELEASE_FLAGS) --product ibkey

# Every test: unit tests of the core, tests that spawn the built binary, and
# the Debian package (make deb) unpacked and run.
# Tests/run.sh runs them quietly and ends with a summary naming each failure.
test: test-deps deb
	$(SWIFT) build --product ibkey
	IBKEY_BIN=$$($(SWIFT) build --show-bin-path)/ibkey \
	IBKEY_DEB=dist/ibkey_$$($(BIN) --version)_$$(dpkg --print-architecture).deb SWIFT=$(SWIFT) bash Tests/run.sh

bench: bench-deps
	$(SWIFT) build $(RELEASE_FLAGS)
	bash Benchmarks/run.sh

fuzz: deps
	bash Fuzz/run.sh

# Writes the fuzz targets' seed corpus again (Sources/ibkey-fuzz/FuzzSeeds.swift).
fuzz-seeds: deps
	$(SWIFT) run ibkey-fuzz --write-seeds Fuzz/corpus

# The fixture vault of a new format version (Tests/IBKeyCoreTests/Fixtures/README.md):
# make fixture FIXTURE=Tests/IBKeyCoreTests/Fixtures/vault-vN.ibkey
fixture: deps
	@test -n "$(FIXTURE)" || { echo "give FIXTURE=PATH"; exit 2; }
	$(SWIFT) run ibkey-bench make-fixture $(FIXTURE)

install: release
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1
	install -m 0755 $(BIN) $(DESTDIR)$(PREFIX)/bin/ibkey
	install -m 0644 Docs/ibkey.1 $(DESTDIR)$(PREFIX)/share/man/man1/ibkey.1
	install -d $(DESTDIR)$(PREFIX)/share/bash-completion/completions $(DESTDIR)$(PREFIX)/share/zsh/site-functions $(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d
	$(BIN) --generate-completion-script bash > $(DESTDIR)$(PREFIX)/share/bash-completion/completions/ibkey
	$(BIN) --generate-completion-script zsh > $(DESTDIR)$(PREFIX)/share/zsh/site-functions/_ibkey
	$(BIN) --generate-completion-script fish > $(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d/ibkey.fish

# dist/ibkey_<version>_<arch>.deb (packaging/build-deb.sh, one line per
# step), then lintian if installed (make deb-deps): errors fail the build,
# warnings do not (the package has none; lintian prints any it finds).
# dpkg-shlibdeps (dpkg-dev) computes Depends.
deb: release
	$(call apt_install,dpkg-dev)
	@deb=$$(BIN=$(BIN) bash packaging/build-deb.sh) && echo "built $$deb" && \
	if command -v lintian >/dev/null; then \
	  echo "lintian $$deb"; \
	  out=$$(lintian --fail-on error "$$deb"); status=$$?; \
	  if [ -n "$$out" ]; then printf '%s\n' "$$out"; else echo "lintian: no errors, no warnings"; fi; \
	  exit $$status; \
	else \
	  echo "lintian not installed (make deb-deps installs it): $$deb not checked"; \
	fi

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/ibkey $(DESTDIR)$(PREFIX)/share/man/man1/ibkey.1 \
	  $(DESTDIR)$(PREFIX)/share/bash-completion/completions/ibkey \
	  $(DESTDIR)$(PREFIX)/share/zsh/site-functions/_ibkey \
	  $(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d/ibkey.fish

# Regenerate the man page from the argument parser (commit the result).
# argument-parser's generate-manual tool, built from the checked-out package
# and run on the release binary only (the package plugin would also try
# ibkey-fuzz, which is not a command-line tool).
# Docs/man/finish.awk then adds ENVIRONMENT, FILES, EXIT STATUS (from the
# binary's own table) and EXAMPLES, and turns blank lines and indented
# examples into mdoc, so that `man -l Docs/ibkey.1` prints no warning.
docs: release
	mkdir -p .build/man
	$(SWIFT) run --package-path .build/checkouts/swift-argument-parser --scratch-path .build/generate-manual \
	  generate-manual $(BIN) --output-directory .build/man --date $$(date +%Y-%m-%d) --authors "the ibkey team"
	awk -v SECTIONS=Docs/man/sections.mdoc -v EXIT="$$($(BIN) --help | sed -n '/^EXIT CODES:/,/^$$/p')" \
	  -f Docs/man/finish.awk .build/man/ibkey.1 > Docs/ibkey.1

clean:
	rm -rf .build dist
