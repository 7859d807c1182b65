import Foundation
import Testing
@testable import IBKeyCore

/// Atomic writes, permissions and the in-place write, on real files.
@Suite("Secure files")
struct SecureFileTests {
    let dir: String = {
        var template = Array((NSTemporaryDirectory() + "ibkey-sf-XXXXXX").utf8CString)
        return String(cString: template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }!)
    }()

    func mode(_ path: String) -> mode_t { var st = stat(); stat(path, &st); return st.st_mode & 0o7777 }
    func entries() -> [String] { (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? [] }

    @Test("folders are made 0700 with their parents; a file in the way is an error")
    func directories() throws {
        let deep = dir + "/a/b/c"
        try SecureFile.makeDirectories(deep)
        for p in [dir + "/a", dir + "/a/b", deep] { #expect(mode(p) == 0o700) }
        try SecureFile.makeDirectories(deep) // again: nothing to do
        FileManager.default.createFile(atPath: dir + "/f", contents: Data())
        #expect(throws: IBKeyError.self) { try SecureFile.makeDirectories(dir + "/f/g") }
        #expect(SecureFile.directory(of: "/x/y/z") == "/x/y")
        #expect(SecureFile.directory(of: "z") == ".")
        #expect(SecureFile.directory(of: "/z") == "/")
    }

    @Test("an atomic write replaces the file whole, 0600, and leaves no temp file")
    func atomicWrite() throws {
        let p = dir + "/v"
        try SecureFile.writeAtomically(p, Array("first".utf8))
        #expect(mode(p) == 0o600)
        var st = stat(); stat(p, &st); let first = st.st_ino
        try SecureFile.writeAtomically(p, Array("second, longer".utf8))
        #expect(try SecureFile.read(p, maxSize: 100) == Array("second, longer".utf8))
        stat(p, &st)
        #expect(st.st_ino != first) // replaced by rename, never rewritten in place
        #expect(entries() == ["v"])
    }

    @Test("a failed atomic write keeps the old file and removes its temp file")
    func failedWrite() throws {
        let p = dir + "/sub/v"
        try SecureFile.makeDirectories(dir + "/sub")
        try SecureFile.writeAtomically(p, Array("old".utf8))
        chmod(dir + "/sub", 0o500)
        defer { chmod(dir + "/sub", 0o700) }
        guard getuid() != 0 else { return } // root writes anyway
        #expect(throws: IBKeyError.self) { try SecureFile.writeAtomically(p, Array("new".utf8)) }
        #expect(try SecureFile.read(p, maxSize: 100) == Array("old".utf8))
    }

    @Test("read: nil when missing, a folder is refused, an oversized file reads as longer than the limit")
    func read() throws {
        #expect(try SecureFile.read(dir + "/none", maxSize: 10) == nil)
        #expect(throws: IBKeyError.self) { _ = try SecureFile.read(dir, maxSize: 10) }
        try SecureFile.writeAtomically(dir + "/big", [UInt8](repeating: 7, count: 100))
        #expect(try SecureFile.read(dir + "/big", maxSize: 10)?.count == 11)
        #expect(try SecureFile.read(dir + "/big", maxSize: 100)?.count == 100)
    }

    @Test("files and folders others can write, or that are links, are refused")
    func permissions() throws {
        let p = dir + "/v"
        try SecureFile.writeAtomically(p, [1])
        try SecureFile.checkNotWritableByOthers(p, what: "vault file")
        chmod(p, 0o620)
        #expect(throws: IBKeyError.self) { try SecureFile.checkNotWritableByOthers(p, what: "vault file") }
        chmod(p, 0o602)
        #expect(throws: IBKeyError.self) { try SecureFile.checkNotWritableByOthers(p, what: "vault file") }
        try SecureFile.checkNotWritableByOthers(dir + "/missing", what: "vault file") // nothing to check yet
        symlink(p, dir + "/link")
        #expect(throws: IBKeyError.symbolicLink(what: "vault file", path: dir + "/link")) {
            try SecureFile.checkNotSymlink(dir + "/link", what: "vault file")
        }
        try SecureFile.checkNotSymlink(p, what: "vault file")
    }

    @Test("an in-place write changes only its bytes, and never a file replaced since it was read")
    func inPlace() throws {
        let p = dir + "/v"
        try SecureFile.writeAtomically(p, [UInt8](repeating: 0, count: 64))
        let source = try #require(try VaultSource.open(path: p))
        let file = try InPlaceFile(p, expecting: source.identity)
        try file.write([1, 2, 3], at: 32, ifFailed: "unchanged")
        try file.write([4], at: 0, ifFailed: "unchanged")
        var expected = [UInt8](repeating: 0, count: 64)
        expected.replaceSubrange(32..<35, with: [1, 2, 3]); expected[0] = 4
        #expect(try SecureFile.read(p, maxSize: 100) == expected)
        // Past the end: refused, nothing written.
        #expect(throws: IBKeyError.self) { try file.write([9, 9, 9], at: 62, ifFailed: "unchanged") }
        // The path now names another file: refused before anything is written.
        try SecureFile.writeAtomically(p, [UInt8](repeating: 5, count: 64))
        #expect(throws: IBKeyError.self) { _ = try InPlaceFile(p, expecting: source.identity) }
        #expect(try SecureFile.read(p, maxSize: 100) == [UInt8](repeating: 5, count: 64))
    }

    @Test("remove: gone, and a missing file is not an error")
    func remove() throws {
        try SecureFile.writeAtomically(dir + "/v", [1])
        try SecureFile.remove(dir + "/v")
        #expect(!SecureFile.exists(dir + "/v"))
        try SecureFile.remove(dir + "/v")
    }
}
