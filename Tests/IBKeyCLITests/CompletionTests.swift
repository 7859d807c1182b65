import Foundation
import Testing

/// Shell completion as people meet it: commands, options, files, and the
/// names the vault and the issuer store hold. bash is run for real
/// (Fixtures/bash_complete.sh plays TAB); the zsh and fish scripts are checked
/// for the same completers.
@Suite("Completions")
struct CompletionTests {
    func complete(_ s: Sandbox, _ line: String) throws -> [String] {
        let helper = try #require(Bundle.module.url(forResource: "bash_complete", withExtension: "sh", subdirectory: "Fixtures")).path
        let r = s.run([helper, Binary.path, line], executable: "/bin/bash")
        #expect(r.status == 0, "\(r.stderr)")
        return r.lines
    }

    @Test("bash: commands, subcommands, options, files, and enrolled and issuer user names")
    func bash() throws {
        let s = enrolledSandbox(users: ["alice", "bob"])
        #expect(s.run(["issuer", "init"]).status == 0)
        #expect(s.run(["issuer", "add-user", "carol"]).status == 0)
        s.file("backup-1.ibkey", "x")
        #expect(try complete(s, "ibkey resp") == ["respond"])
        #expect(try complete(s, "ibkey issuer chal") == ["challenge"])
        #expect(try complete(s, "ibkey respond --no-").contains("--no-wait"))
        #expect(Set(try complete(s, "ibkey respond --user ")) == ["alice", "bob"])
        #expect(try complete(s, "ibkey export --user a") == ["alice"])
        #expect(try complete(s, "ibkey remove --user b") == ["bob"])
        #expect(try complete(s, "ibkey issuer challenge ") == ["carol"])
        #expect(try complete(s, "ibkey issuer verify --user c") == ["carol"])
        // Files.
        #expect(try complete(s, "ibkey restore \(s.dir)/backup-") == ["\(s.dir)/backup-1.ibkey"])
        #expect(try complete(s, "ibkey respond --pin-file \(s.dir)/backup-") == ["\(s.dir)/backup-1.ibkey"])
        #expect(try complete(s, "ibkey import \(s.dir)/backup-") == ["\(s.dir)/backup-1.ibkey"])
    }

    @Test("bash: no vault, no names, and no error on the screen")
    func noVault() throws {
        let s = Sandbox()
        #expect(try complete(s, "ibkey respond --user ") == [])
    }

    @Test("zsh and fish: files for paths, the vault's names for --user", arguments: ["zsh", "fish"])
    func otherShells(_ shell: String) {
        let script = Sandbox().run(["--generate-completion-script", shell]).stdout
        #expect(script.contains("---completion respond -- --user"), "\(shell): no user names for respond --user")
        #expect(script.contains("---completion issuer challenge"), "\(shell): no issuer names")
        #expect(script.contains(shell == "zsh" ? ":path:_files" : "-F"), "\(shell): no file completion")
    }
}
