import Foundation
import Testing

/// Where a vault or an issuer store may live: not directly in a folder every
/// user can write (`/tmp`), whose fix is another folder, never a `chmod` of
/// the shared one; and a folder given where the file belongs is said as such.
@Suite("Shared folders and folders for files")
struct SharedFolderTests {
    /// A name in /tmp no other test run uses; removed (with what ibkey might
    /// have made beside it) when the test ends.
    final class TmpName {
        let path = "/tmp/ibkey-shared-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        deinit { for suffix in ["", ".lock", ".key", ".key.lock"] { unlink(path + suffix) } }
    }

    @Test("a vault directly in /tmp: refused (exit 2) with the shared-folder advice, and no chmod of /tmp")
    func vaultInTmp() throws {
        let name = TmpName()
        let s = Sandbox()
        let vault = name.path + ".ibkey"
        defer { unlink(vault); unlink(vault + ".lock") }
        for args in [["users", "--vault", vault], ["enroll", "--user", "alice", "--vault", vault, "-"] + Fixture.kdf] {
            let r = s.run(args, env: s.secrets, stdin: Reference.code() + "\n")
            #expect(r.status == 2, "\(args): \(r.status) \(r.stderr)")
            #expect(r.stderr == "ibkey: error: vault folder /tmp is a folder every user can write\n"
                + "hint: keep it in a folder of your own, such as the default path\n", "\(r.stderr)")
        }
        #expect(!FileManager.default.fileExists(atPath: vault))
    }

    @Test("an issuer store directly in /tmp: refused the same way, nothing created")
    func storeInTmp() {
        let name = TmpName()
        let s = Sandbox()
        let r = s.run(["issuer", "init", "--store", name.path])
        #expect(r.status == 2, "\(r.stderr)")
        #expect(r.stderr.contains("issuer folder /tmp is a folder every user can write"), "\(r.stderr)")
        #expect(r.stderr.contains("hint: keep it in a folder of your own") && !r.stderr.contains("chmod"), "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: name.path) && !FileManager.default.fileExists(atPath: name.path + ".key"))
    }

    @Test("any sticky folder every user can write gets the same advice; one without the sticky bit, the chmod")
    func stickyFolder() {
        let s = enrolledSandbox()
        let shared = s.path("shared")
        mkdir(shared, 0o700)
        chmod(shared, 0o1777)
        let r = s.run(["users", "--vault", shared + "/v.ibkey"])
        #expect(r.status == 2 && r.stderr.contains("hint: keep it in a folder of your own"), "\(r.stderr)")
        chmod(shared, 0o777)
        let open = s.run(["users", "--vault", shared + "/v.ibkey"])
        #expect(open.status == 2 && open.stderr.contains("hint: run 'chmod go-w \(shared)'"), "\(open.stderr)")
    }

    @Test("--vault naming a folder: 'is a folder' (exit 2) for every command, the folder untouched",
          arguments: [["users"], ["status"], ["respond", "123456"], ["remove", "alice"], ["restore", "nothing.ibkey"],
                      ["enroll", "--user", "bob", "-"]])
    func vaultIsAFolder(_ args: [String]) throws {
        let s = enrolledSandbox()
        let folder = s.path("folder")
        mkdir(folder, 0o700)
        let r = s.run(args + ["--vault", folder], env: s.secrets, stdin: Reference.code() + "\n")
        #expect(r.status == 2, "\(args): \(r.status) \(r.stderr)")
        #expect(r.stderr == "ibkey: error: vault file \(folder) is a folder\nhint: name the vault file itself, not the folder it is in\n",
                "\(args): \(r.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).isEmpty)
    }

    @Test("--store or --key-file naming a folder: 'is a folder' (exit 2)")
    func storeIsAFolder() {
        let s = Sandbox()
        let folder = s.path("folder")
        mkdir(folder, 0o700)
        for args in [["issuer", "init", "--store", folder], ["issuer", "users", "--store", folder],
                     ["issuer", "init", "--store", s.path("s"), "--key-file", folder]] {
            let r = s.run(args)
            #expect(r.status == 2, "\(args): \(r.status) \(r.stderr)")
            #expect(r.stderr.contains(" \(folder) is a folder\n"), "\(args): \(r.stderr)")
        }
    }
}
