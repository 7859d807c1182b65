import Foundation
import Testing
@testable import IBKeyCLI

/// The package under test, and the version and architecture it must have.
enum DebianPackage {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// `dpkg --print-architecture`.
    static let arch: String = Sandbox().run(["--print-architecture"], executable: "/usr/bin/dpkg").out

    /// The version of the tree under test: what the built `ibkey --version` prints.
    static let version: String = Sandbox().run(["--version"]).out

    static let path: String? = {
        if let p = ProcessInfo.processInfo.environment["IBKEY_DEB"], !p.isEmpty {
            return p.hasPrefix("/") ? p : root.appendingPathComponent(p).path
        }
        let p = root.appendingPathComponent("dist/ibkey_\(version)_\(arch).deb").path
        return FileManager.default.fileExists(atPath: p) ? p : nil
    }()
}

/// The Debian package `make deb` builds, as a user gets it: unpacked with
/// `dpkg-deb -x` into a scratch root (nothing installed, no root needed), its
/// files, modes and control fields checked, then the packaged binary run.
/// `make test` builds the package first and names it in IBKEY_DEB; without
/// IBKEY_DEB the suite looks for dist/ibkey_<version>_<arch>.deb and is
/// skipped when there is none.
@Suite("Debian package (make deb)", .enabled(if: DebianPackage.path != nil, "no dist/ibkey_<version>_<arch>.deb: run make deb"))
struct PackageTests {
    /// The documents, by their path in the source tree, which is also their
    /// path under usr/share/doc/ibkey: README.md, every Docs/*.md, Docs/examples/.
    static let documents: [String] = {
        let docs = DebianPackage.root.appendingPathComponent("Docs")
        let list = { (dir: URL) in ((try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []).sorted() }
        return ["README.md"] + list(docs).filter { $0.hasSuffix(".md") }.map { "Docs/" + $0 }
            + list(docs.appendingPathComponent("examples")).map { "Docs/examples/" + $0 }
    }()

    /// Every file in the package, and its mode.
    static let files: [String: String] = [
        "usr/bin/ibkey": "-rwxr-xr-x",
        "usr/share/man/man1/ibkey.1.gz": "-rw-r--r--",
        "usr/share/bash-completion/completions/ibkey": "-rw-r--r--",
        "usr/share/zsh/vendor-completions/_ibkey": "-rw-r--r--",
        "usr/share/fish/vendor_completions.d/ibkey.fish": "-rw-r--r--",
        "usr/share/doc/ibkey/copyright": "-rw-r--r--",
        "usr/share/doc/ibkey/changelog.gz": "-rw-r--r--",
    ].merging(documents.map { ("usr/share/doc/ibkey/" + $0, "-rw-r--r--") }) { $1 }

    func dpkgDeb(_ s: Sandbox, _ args: [String]) -> Run {
        let r = s.run(args, executable: "/usr/bin/dpkg-deb")
        #expect(r.status == 0, "dpkg-deb \(args.joined(separator: " ")): \(r.stderr)")
        return r
    }

    /// The package's path; it must exist.
    func debFile() throws -> String {
        let deb = try #require(DebianPackage.path)
        try #require(FileManager.default.fileExists(atPath: deb), "\(deb) missing: run make deb")
        return deb
    }

    /// The package unpacked into the sandbox; returns the scratch root.
    func unpack(_ s: Sandbox) throws -> String {
        let deb = try debFile()
        let dest = s.path("root")
        try #require(dpkgDeb(s, ["-x", deb, dest]).status == 0)
        return dest
    }

    @Test("files, modes and owners: binary 0755, gzipped man page, three completions, copyright, changelog, documents")
    func contents() throws {
        let s = Sandbox()
        let deb = try debFile()
        // The archive's own listing: mode, owner/group, size, date, time, path.
        var listed: [String: String] = [:]
        for line in dpkgDeb(s, ["-c", deb]).lines {
            let f = line.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
            guard f.count >= 6 else { Issue.record("odd line: \(line)"); continue }
            #expect(f[1] == "root/root", "\(line)")
            if f[0].hasPrefix("d") {
                #expect(f[0] == "drwxr-xr-x", "\(line)")
            } else {
                listed[String(f[5].dropFirst(2))] = f[0]   // "./usr/…"
            }
        }
        #expect(listed == Self.files)

        let dest = try unpack(s)
        let man = dest + "/usr/share/man/man1/ibkey.1.gz"
        #expect(s.bytes(man).prefix(2) == [0x1F, 0x8B], "not gzip")
        let page = s.run(["-dc", man], executable: "/bin/gzip")
        let source = try String(contentsOf: DebianPackage.root.appendingPathComponent("Docs/ibkey.1"), encoding: .utf8)
        let same = page.status == 0 && page.stdout == source
        #expect(same, "the man page is not Docs/ibkey.1")

        let text = { (p: String) in String(decoding: s.bytes(dest + "/" + p), as: UTF8.self) }
        let bash = text("usr/share/bash-completion/completions/ibkey")
        let bashOK = !bash.hasPrefix("#!") && bash.contains("-F _ibkey ibkey")
        #expect(bashOK, "bash completion: no #! line, complete … -F _ibkey ibkey")
        let zsh = text("usr/share/zsh/vendor-completions/_ibkey").hasPrefix("#compdef ibkey")
        #expect(zsh)
        let fish = text("usr/share/fish/vendor_completions.d/ibkey.fish").contains("complete -c 'ibkey'")
        #expect(fish)
        let dep5 = text("usr/share/doc/ibkey/copyright").hasPrefix("Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/")
        #expect(dep5)
    }

    @Test("control fields: Package, Version = ibkey --version, Architecture, Depends on every library")
    func control() throws {
        let s = Sandbox()
        let deb = try debFile()
        let field = { (name: String) in dpkgDeb(s, ["-f", deb, name]).out }
        #expect(field("Package") == "ibkey")
        #expect(!DebianPackage.version.isEmpty && field("Version") == DebianPackage.version)
        #expect(field("Architecture") == DebianPackage.arch)
        // Without bash-completion (not installed by default on Debian 12) the
        // completion file does nothing.
        #expect(field("Recommends") == "bash-completion")
        #expect(deb.hasSuffix("/ibkey_\(DebianPackage.version)_\(DebianPackage.arch).deb"))

        // "libssl3 (>= 3.0.0), libc6 (>= 2.36) | …": every package name.
        let depends = field("Depends")
        let names = depends.split(whereSeparator: { $0 == "," || $0 == "|" }).compactMap {
            $0.split(separator: " ").first.map(String.init)
        }
        let has = { (prefixes: [String]) in names.contains { n in prefixes.contains { n.hasPrefix($0) } } }
        #expect(has(["libsodium"]), "\(depends)")
        #expect(has(["libssl", "libcrypto"]), "\(depends)")
        #expect(has(["libqrencode"]), "\(depends)")
        #expect(names.contains("libc6"), "\(depends)")
        // Added by hand: libexpat.so.1 is loaded with dlopen (ibkey import),
        // and so are zbar, libpng and TurboJPEG (import of a QR code image).
        for package in ["libexpat1", "libzbar0", "libpng16-16", "libturbojpeg0"] {
            #expect(names.contains(package), "\(depends)")
        }
    }

    @Test("start-up: every start loads only the small C libraries; respond and code load nothing more; libexpat only when import reads XML")
    func startUpLibraries() throws {
        let s = Sandbox()
        let ibkey = try unpack(s) + "/usr/bin/ibkey"
        let ldd = s.run([ibkey], executable: "/usr/bin/ldd")
        let loaded = Set(ldd.lines.compactMap { $0.split(whereSeparator: { $0 == " " || $0 == "\t" }).first.map(String.init) }
            .filter { !$0.hasPrefix("linux-vdso") && !$0.contains("ld-linux") })
        #expect(loaded == ["libsodium.so.23", "libcrypto.so.3", "libqrencode.so.4", "libm.so.6", "libc.so.6", "libpthread.so.0"],
                "\(ldd.stdout)")
        // What the dynamic loader opens, per run (LD_DEBUG=files, on stderr).
        func opened(_ args: [String], env: [String: String] = [:]) -> String {
            s.run(args, env: env.merging(["LD_DEBUG": "files"]) { $1 }, executable: ibkey).stderr
        }
        #expect(s.run(["enroll", "--user", "alice", "-"] + Fixture.kdf, env: s.secrets, stdin: Reference.code() + "\n",
                      executable: ibkey).status == 0)
        s.addOTPAccounts([OTPFixtureAccount(name: "gh", suite: "TOTP-SHA1-6-30", keyHex: OTPFixtureAccount.rfc6238Key("SHA1")),
                          OTPFixtureAccount(name: "bank", suite: "HOTP-SHA1-6", keyHex: OTPFixtureAccount.rfc6238Key("SHA1"))])
        let runs = ["respond": opened(["respond", "-u", "alice", "708362"], env: s.secrets),
                    "code": opened(["code", "--at", "59"], env: s.secrets),
                    "code (HOTP, JSON)": opened(["code", "bank", "--json"], env: s.secrets)]
        for (what, loads) in runs {
            #expect(loads.contains("file=libsodium"), "\(what): LD_DEBUG gave nothing: \(loads.prefix(300))")
            for heavy in ["libexpat", "libxml2", "libicu", "libstdc++", "libswift", "libzbar", "libpng16", "libjpeg", "libturbojpeg",
                          "libX11", "libdbus"] {
                #expect(!loads.contains(heavy), "\(what) loads \(heavy)")
            }
        }
        let pskc = s.file("k.pskc", String(decoding: s.bytes(Peers.fixture("rfc6030/figure2.pskcxml")), as: UTF8.self))
        #expect(opened(["import", pskc], env: s.secrets).contains("file=libexpat.so.1"))
    }

    /// The package's file at `path` (e.g. "usr/share/doc/ibkey/copyright"), as text; gzip undone.
    func text(_ s: Sandbox, _ dest: String, _ path: String) -> String {
        if path.hasSuffix(".gz") {
            let r = s.run(["-dc", dest + "/" + path], executable: "/bin/gzip")
            #expect(r.status == 0, "gzip -dc \(path): \(r.stderr)")
            return r.stdout
        }
        return String(decoding: s.bytes(dest + "/" + path), as: UTF8.self)
    }

    @Test("licence: /usr/share/doc/ibkey/copyright says Apache-2.0 for ibkey, with Debian's reference to the full text")
    func licence() throws {
        let s = Sandbox()
        let copyright = text(s, try unpack(s), "usr/share/doc/ibkey/copyright")
        #expect(copyright.contains("\nFiles: *\nCopyright: 2026 the ibkey team\nLicense: Apache-2.0\n"), "\(copyright)")
        // The stand-alone paragraph the Files: * paragraph refers to.
        let paragraph = try #require(copyright.components(separatedBy: "\n\n").first { $0.hasPrefix("License: Apache-2.0\n") })
        #expect(paragraph.contains("\"/usr/share/common-licenses/Apache-2.0\""), "\(paragraph)")
        #expect(!copyright.lowercased().contains("placeholder"))
    }

    @Test("documents: README.md, Docs/*.md and Docs/examples/ as in the tree; the man page's SEE ALSO names paths that exist")
    func documents() throws {
        let s = Sandbox()
        let dest = try unpack(s)
        let doc = dest + "/usr/share/doc/ibkey/"
        #expect(Self.documents.count >= 10 && Self.documents.contains("Docs/examples/plain.pskc"), "\(Self.documents)")
        for path in Self.documents {
            let same = s.bytes(doc + path) == s.bytes(DebianPackage.root.appendingPathComponent(path).path)
            #expect(same, "usr/share/doc/ibkey/\(path) is not the tree's \(path)")
        }
        let page = text(s, dest, "usr/share/man/man1/ibkey.1.gz")
        let seeAlso = try #require(page.components(separatedBy: ".Sh SEE ALSO\n").dropFirst().first?.components(separatedBy: "\n.Sh ").first)
        // ".Pa /usr/share/doc/ibkey ;" → "/usr/share/doc/ibkey"
        let named = seeAlso.split(separator: "\n").compactMap { line -> String? in
            let words = line.split(separator: " ").map(String.init)
            guard let i = words.firstIndex(where: { $0 == ".Pa" || $0 == "Pa" }), i + 1 < words.count else { return nil }
            return words[i + 1]
        }.filter { $0.hasPrefix("/") }
        #expect(named.count >= 10, "\(named)")
        for path in named {
            #expect(FileManager.default.fileExists(atPath: dest + path), "SEE ALSO names \(path), not in the package")
        }
        for path in Self.documents where path.hasSuffix(".md") {
            #expect(named.contains("/usr/share/doc/ibkey/" + path), "SEE ALSO does not name \(path)")
        }
    }

    @Test("changelog.gz: a Debian changelog from CHANGELOG.md, starting at the package's version")
    func changelog() throws {
        let s = Sandbox()
        let deb = try debFile()
        let version = dpkgDeb(s, ["-f", deb, "Version"]).out
        let headings = Changelog.headings(try Changelog.text()).compactMap { $0 }
        #expect(Changelog.agrees(headings, version: version), "package \(version), CHANGELOG.md \(headings.prefix(2))")
        let changelog = text(s, try unpack(s), "usr/share/doc/ibkey/changelog.gz")
        let entries = changelog.split(separator: "\n").filter { $0.hasPrefix("ibkey (") }.map(String.init)
        let expected = headings.drop(while: { $0.version != version })
        #expect(entries.map { String($0.split(separator: " ")[1]) } == expected.map { "(\($0.version))" }, "\(entries)")
        #expect(entries.first?.hasSuffix(expected.first?.released == true ? " unstable; urgency=medium" : " UNRELEASED; urgency=medium") == true)
        let parsed = s.run(["-l-", "-S", "Version"], stdin: changelog, executable: "/usr/bin/dpkg-parsechangelog")
        #expect(parsed.status == 0 && parsed.out == version, "dpkg-parsechangelog: \(parsed.stdout)\(parsed.stderr)")
        // lintian's debian-changelog-line-too-long: at most 80 characters a line
        // (CHANGELOG.md's items gain two columns here: keep them to 78).
        let long = changelog.split(separator: "\n").filter { $0.count > 80 }.map(String.init)
        #expect(long.isEmpty, "lines over 80 characters: \(long)")
    }

    @Test("man page: headed as a user command, the exit codes listed once", .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/man")))
    func manPage() throws {
        let s = Sandbox()
        let page = try unpack(s) + "/usr/share/man/man1/ibkey.1.gz"
        let man = s.run(["-l", page], env: ["MANWIDTH": "80"], executable: "/usr/bin/man")
        #expect(man.status == 0, "\(man.stderr)")
        let header = man.lines.first { !$0.trimmingCharacters(in: .whitespaces).isEmpty } ?? ""
        #expect(header.wholeMatch(of: /IBKEY\(1\) +General Commands Manual +IBKEY\(1\)/) != nil, "\(header)")
        // Wide enough that no row of the table wraps: each code with its
        // meaning on one line, in EXIT STATUS only (not again in DESCRIPTION).
        let wide = s.run(["-l", page], env: ["MANWIDTH": "200"], executable: "/usr/bin/man").lines
        for row in IBKeyCLI.ExitStatus.allCases {
            let rows = wide.filter { line in
                let text = line.trimmingCharacters(in: .whitespaces)
                guard let space = text.firstIndex(of: " ") else { return false }
                return text[..<space] == "\(row.rawValue)" && text[space...].trimmingCharacters(in: .whitespaces) == row.meaning
            }
            #expect(rows.count == 1, "exit code \(row.rawValue) listed \(rows.count) times")
        }
        #expect(!wide.contains { $0.contains("EXIT CODES") })
    }

    @Test("the packaged binary: no Swift library needed, selftest, enroll → respond → verify")
    func run() throws {
        let s = Sandbox()
        let ibkey = try unpack(s) + "/usr/bin/ibkey"
        #expect(FileManager.default.isExecutableFile(atPath: ibkey))

        let ldd = s.run([ibkey], executable: "/usr/bin/ldd")
        #expect(ldd.status == 0 && !ldd.stdout.contains("libswift") && !ldd.stdout.contains("not found"), "\(ldd.stdout)")

        #expect(s.run(["--version"], executable: ibkey).out == DebianPackage.version)
        let selftest = s.run(["selftest"], executable: ibkey)
        #expect(selftest.status == 0, "\(selftest.stdout)\(selftest.stderr)")

        #expect(s.run(["issuer", "init"], executable: ibkey).status == 0)
        let add = s.run(["issuer", "add-user", "alice"], executable: ibkey)
        #expect(add.status == 0 && add.lines.count == 1, "\(add.stderr)")
        let reg = s.run(["enroll", "--user", "alice", "-"] + Fixture.kdf, env: s.secrets, stdin: add.out + "\n", executable: ibkey)
        #expect(reg.status == 0, "\(reg.stderr)")
        let act = s.run(["issuer", "activate", "alice", reg.out], executable: ibkey)
        #expect(act.status == 0, "\(act.stderr)")
        let q = s.run(["issuer", "challenge", "alice"], executable: ibkey)
        #expect(q.status == 0 && q.out.count == 6, "\(q.stderr)")
        let resp = s.run(["respond", q.out], env: s.secrets, executable: ibkey)
        #expect(resp.status == 0 && resp.out.count == 8, "\(resp.stderr)")
        let ok = s.run(["issuer", "verify", "alice", resp.out], executable: ibkey)
        #expect(ok.status == 0, "\(ok.stderr)")
        #expect(s.run(["issuer", "verify", "alice", resp.out, "--challenge", q.out], executable: ibkey).status == 1)
    }
}
