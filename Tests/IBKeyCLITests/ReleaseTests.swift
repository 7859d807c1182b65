import Foundation
import Testing

/// CHANGELOG.md, read as the release rule below needs it.
enum Changelog {
    /// One `## [VERSION] - DATE` heading; DATE is YYYY-MM-DD or "Unreleased".
    struct Heading: Equatable {
        let version: String
        let date: String
        var released: Bool { date != "Unreleased" }
    }

    static func text() throws -> String {
        try String(contentsOf: DebianPackage.root.appendingPathComponent("CHANGELOG.md"), encoding: .utf8)
    }

    /// Every `## [` heading, newest first; nil for one that is not
    /// `## [X.Y.Z] - YYYY-MM-DD` or `## [X.Y.Z] - Unreleased`.
    static func headings(_ text: String) -> [Heading?] {
        text.split(separator: "\n").filter { $0.hasPrefix("## [") }.map { line in
            guard let m = line.wholeMatch(of: /## \[(\d+\.\d+\.\d+)\] - (\d{4}-\d{2}-\d{2}|Unreleased)/) else { return nil }
            return Heading(version: String(m.1), date: String(m.2))
        }
    }

    /// The rule that ties CHANGELOG.md to `ibkey --version`, and keeps holding
    /// through a release:
    /// - between releases, the newest *released* heading is `--version`
    ///   (today: 0.3.0, under `[0.4.0] - Unreleased`);
    /// - once `--version` is bumped for the next release and before its day,
    ///   the top heading is that version, still `Unreleased`;
    /// - the release commit replaces `Unreleased` with the date: the first
    ///   case again, and a new `Unreleased` heading may go on top.
    /// `make deb`'s changelog.gz starts at the heading this rule finds.
    static func agrees(_ headings: [Heading], version: String) -> Bool {
        if headings.first(where: \.released)?.version == version { return true }
        if let top = headings.first, !top.released, top.version == version { return true }
        return false
    }

    /// "1.10.0" > "1.9.2".
    static func newer(_ a: String, than b: String) -> Bool {
        let x = a.split(separator: ".").map { Int($0) ?? 0 }, y = b.split(separator: ".").map { Int($0) ?? 0 }
        return y.lexicographicallyPrecedes(x)
    }
}

@Suite("Release: licence, CHANGELOG.md and --version")
struct ReleaseTests {
    static func source(_ path: String) throws -> String {
        try String(contentsOf: DebianPackage.root.appendingPathComponent(path), encoding: .utf8)
    }

    @Test("LICENSE is the Apache License 2.0, unmodified; Package.swift names it by SPDX identifier")
    func licence() throws {
        let licence = try Self.source("LICENSE")
        #expect(licence.hasPrefix("\n                                 Apache License\n                           Version 2.0, January 2004\n"))
        #expect(licence.contains("END OF TERMS AND CONDITIONS"))
        let common = "/usr/share/common-licenses/Apache-2.0"
        if let debian = try? String(contentsOfFile: common, encoding: .utf8) {
            #expect(licence == debian, "LICENSE differs from \(common)")
        }
        let manifest = try Self.source("Package.swift").split(separator: "\n", omittingEmptySubsequences: false)
        #expect(manifest.first == "// swift-tools-version:6.0")
        let header = manifest.prefix { $0.hasPrefix("//") }
        #expect(header.contains("// SPDX-License-Identifier: Apache-2.0"), "\(header)")
        let readme = try Self.source("README.md")
        let last = try #require(readme.components(separatedBy: "\n## ").last)
        #expect(last.hasPrefix("Licence\n") && last.contains("Apache License, Version 2.0](LICENSE)"))
    }

    @Test("CHANGELOG.md: Keep a Changelog headings, newest first, at most one Unreleased and only on top")
    func headings() throws {
        let parsed = Changelog.headings(try Changelog.text())
        #expect(!parsed.contains(nil), "a heading is not '## [X.Y.Z] - YYYY-MM-DD' or '- Unreleased'")
        let headings = parsed.compactMap { $0 }
        #expect(headings.count >= 3)
        let olderReleased = headings.dropFirst().allSatisfy { $0.released }
        #expect(olderReleased, "only the top heading may be Unreleased")
        for (newer, older) in zip(headings, headings.dropFirst()) {
            #expect(Changelog.newer(newer.version, than: older.version), "\(newer.version) above \(older.version)")
            if newer.released { #expect(newer.date >= older.date, "\(newer.version) dated before \(older.version)") }
        }
        #expect(headings.last == Changelog.Heading(version: "0.1.0", date: "2026-11-24"))
    }

    @Test("CHANGELOG.md agrees with ibkey --version (the rule in Changelog.agrees)")
    func version() throws {
        let version = Sandbox().run(["--version"]).out
        #expect(!version.isEmpty)
        let headings = Changelog.headings(try Changelog.text()).compactMap { $0 }
        #expect(Changelog.agrees(headings, version: version), "ibkey --version \(version), CHANGELOG.md \(headings.prefix(2))")
    }

    @Test("the rule holds before, during and after a release, and catches a forgotten heading")
    func rule() {
        typealias H = Changelog.Heading
        let old = [H(version: "0.3.0", date: "2026-11-26"), H(version: "0.2.0", date: "2026-11-25")]
        let next = H(version: "0.4.0", date: "Unreleased")
        #expect(Changelog.agrees([next] + old, version: "0.3.0"))                  // today
        #expect(Changelog.agrees([next] + old, version: "0.4.0"))                  // bumped, not yet released
        #expect(Changelog.agrees([H(version: "0.4.0", date: "2026-12-10")] + old, version: "0.4.0"))   // released
        #expect(Changelog.agrees([H(version: "0.5.0", date: "Unreleased"), H(version: "0.4.0", date: "2026-12-10")] + old,
                                 version: "0.4.0"))                                 // after the release
        #expect(!Changelog.agrees(old, version: "0.4.0"))                           // bumped, no heading
        #expect(!Changelog.agrees([next] + old, version: "0.2.0"))                  // a release not in the binary
        #expect(Changelog.newer("0.10.0", than: "0.9.0") && !Changelog.newer("0.3.0", than: "0.3.0"))
    }
}
