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
        try FilePath.makeDirectories(deep)
        for p in [dir + "/a", dir + "/a/b", deep] { #expect(mode(p) == 0o700) }
        try FilePath.makeDirectories(deep) // again: nothing to do
        _ = FileManager.default.createFile(atPath: dir + "/f", contents: Data())
        #expect(throws: IBKeyError.self) { try FilePath.makeDirectories(dir + "/f/g") }
        #expect(FilePath.directory(of: "/x/y/z") == "/x/y")
        #expect(FilePath.directory(of: "z") == ".")
        #expect(FilePath.directory(of: "/z") == "/")
    }

    @Test("an atomic write replaces the file whole, 0600, and leaves no temp file")
    func atomicWrite() throws {
        let p = dir + "/v"
        try AtomicFile.write(p, Array("first".utf8))
        #expect(mode(p) == 0o600)
        var st = stat(); stat(p, &st); let first = st.st_ino
        try AtomicFile.write(p, Array("second, longer".utf8))
        #expect(try FileReader.read(p, maxSize: 100)?.bytes == Array("second, longer".utf8))
        stat(p, &st)
        #expect(st.st_ino != first) // replaced by rename, never rewritten in place
        #expect(entries() == ["v"])
    }

    func entries(of folder: String) -> [String] { ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).sorted() }

    /// A write that fails after its temporary file was written (here the rename,
    /// over a folder that is not empty, which fails for root too) must take the
    /// temporary file away and leave what was there.
    @Test("a failed atomic write keeps what was there and removes its temp file")
    func failedWrite() throws {
        let p = dir + "/sub/v"
        try FilePath.makeDirectories(p + "/inside")
        #expect(throws: IBKeyError.self) { try AtomicFile.write(p, Array("new".utf8)) }
        #expect(entries(of: dir + "/sub") == ["v"], "a temporary file was left: \(entries(of: dir + "/sub"))")
        #expect(entries(of: p) == ["inside"])
        // createNew over an existing file: refused as such, the file unchanged, no temporary file left.
        try AtomicFile.write(dir + "/sub/w", Array("old".utf8))
        #expect(throws: IBKeyError.fileExists(path: dir + "/sub/w")) { try AtomicFile.createNew(dir + "/sub/w", Array("new".utf8)) }
        #expect(try FileReader.read(dir + "/sub/w", maxSize: 100)?.bytes == Array("old".utf8))
        #expect(entries(of: dir + "/sub") == ["v", "w"], "a temporary file was left: \(entries(of: dir + "/sub"))")
    }

    /// Permissions do not stop root, so this case runs for other users only
    /// (reported as skipped under root, not passed).
    @Test("a folder it may not write refuses the write before anything changes", .enabled(if: getuid() != 0, "root writes anyway"))
    func readOnlyFolder() throws {
        let p = dir + "/ro/v"
        try FilePath.makeDirectories(dir + "/ro")
        try AtomicFile.write(p, Array("old".utf8))
        chmod(dir + "/ro", 0o500)
        defer { chmod(dir + "/ro", 0o700) }
        #expect(throws: IBKeyError.self) { try AtomicFile.write(p, Array("new".utf8)) }
        #expect(try FileReader.read(p, maxSize: 100)?.bytes == Array("old".utf8))
        #expect(entries(of: dir + "/ro") == ["v"])
    }

    @Test("read: nil when missing, a folder is refused, an oversized file reads as longer than the limit")
    func read() throws {
        #expect(try FileReader.read(dir + "/none", maxSize: 10)?.bytes == nil)
        #expect(throws: IBKeyError.self) { _ = try FileReader.read(dir, maxSize: 10) }
        try AtomicFile.write(dir + "/big", [UInt8](repeating: 7, count: 100))
        #expect(try FileReader.read(dir + "/big", maxSize: 10)?.bytes.count == 11)
        #expect(try FileReader.read(dir + "/big", maxSize: 100)?.bytes.count == 100)
    }

    @Test("files and folders others can write, or that are links, are refused")
    func permissions() throws {
        let p = dir + "/v"
        try AtomicFile.write(p, [1])
        try FileSafety.checkNotWritableByOthers(p, what: "vault file")
        chmod(p, 0o620)
        #expect(throws: IBKeyError.self) { try FileSafety.checkNotWritableByOthers(p, what: "vault file") }
        chmod(p, 0o602)
        #expect(throws: IBKeyError.self) { try FileSafety.checkNotWritableByOthers(p, what: "vault file") }
        try FileSafety.checkNotWritableByOthers(dir + "/missing", what: "vault file") // nothing to check yet
        symlink(p, dir + "/link")
        #expect(throws: IBKeyError.unsafeFile(UnsafeFile(path: dir + "/link", role: "vault file", problem: .symbolicLink))) {
            try FileSafety.checkNotSymlink(dir + "/link", what: "vault file")
        }
        try FileSafety.checkNotSymlink(p, what: "vault file")
    }

    @Test("a shared sticky folder is told apart from a folder others can write; a folder is not a file")
    func sharedFolder() throws {
        let shared = dir + "/shared"
        mkdir(shared, 0o700)
        chmod(shared, 0o1777)
        #expect(throws: IBKeyError.unsafeFile(UnsafeFile(path: shared, role: "vault folder", problem: .sharedFolder))) {
            try FileSafety.checkNotWritableByOthers(shared, what: "vault folder")
        }
        chmod(shared, 0o777)
        #expect(throws: IBKeyError.unsafeFile(UnsafeFile(path: shared, role: "vault folder", problem: .writableByOthers))) {
            try FileSafety.checkNotWritableByOthers(shared, what: "vault folder")
        }
        #expect(throws: IBKeyError.unsafeFile(UnsafeFile(path: shared, role: "vault file", problem: .folder))) {
            try FileSafety.checkNotFolder(shared, what: "vault file")
        }
        try AtomicFile.write(dir + "/f", [1])
        try FileSafety.checkNotFolder(dir + "/f", what: "vault file")
        try FileSafety.checkNotFolder(dir + "/missing", what: "vault file")
    }

    @Test("an in-place write changes only its bytes, and never a file replaced since it was read")
    func inPlace() throws {
        let p = dir + "/v"
        try AtomicFile.write(p, [UInt8](repeating: 0, count: 64))
        let source = try #require(try VaultSource.open(path: p))
        let file = try InPlaceFile(p, expecting: source.identity)
        try file.write([1, 2, 3], at: 32, ifFailed: "unchanged")
        try file.write([4], at: 0, ifFailed: "unchanged")
        var expected = [UInt8](repeating: 0, count: 64)
        expected.replaceSubrange(32..<35, with: [1, 2, 3]); expected[0] = 4
        #expect(try FileReader.read(p, maxSize: 100)?.bytes == expected)
        // Past the end: refused, nothing written.
        #expect(throws: IBKeyError.self) { try file.write([9, 9, 9], at: 62, ifFailed: "unchanged") }
        // The path now names another file: refused before anything is written.
        try AtomicFile.write(p, [UInt8](repeating: 5, count: 64))
        #expect(throws: IBKeyError.self) { _ = try InPlaceFile(p, expecting: source.identity) }
        #expect(try FileReader.read(p, maxSize: 100)?.bytes == [UInt8](repeating: 5, count: 64))
    }

    @Test("remove: gone, and a missing file is not an error")
    func remove() throws {
        try AtomicFile.write(dir + "/v", [1])
        try AtomicFile.remove(dir + "/v")
        #expect(!FilePath.exists(dir + "/v"))
        try AtomicFile.remove(dir + "/v")
    }
}
