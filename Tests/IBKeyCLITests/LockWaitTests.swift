import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// A second command while another holds the lock (a `respond -` batch): it
/// says that it waits and for which process, or with `--no-wait` stops at once
/// with exit 75 (Docs/README.md, exit codes).
@Suite("Waiting for the lock")
struct LockWaitTests {
    @Test("--no-wait: exit 75 at once, naming the process that holds the vault; nothing changes")
    func noWait() throws {
        let s = enrolledSandbox()
        let holder = try s.batchHoldingLock()
        defer { kill(holder, SIGKILL); _ = s.wait(holder) }
        let before = s.bytes(s.vault)
        let r = s.run(["respond", "--no-wait", "708362"], env: s.secrets)
        #expect(r.status == 75, "\(r.stderr)")
        #expect(r.stdout.isEmpty)
        #expect(r.stderr.hasPrefix("ibkey: error: the vault is in use by process \(holder)"), "\(r.stderr)")
        #expect(s.bytes(s.vault) == before)
        // Through ArgumentParser too (an option the fast path does not take forces it).
        let slow = s.run(["respond", "--no-wait", "--user", "alice", "--", "708362"], env: s.secrets)
        #expect(slow.status == 75, "\(slow.stderr)")
    }

    @Test("without --no-wait: it says it waits, for whom, and answers once the lock is free")
    func waits() throws {
        let s = enrolledSandbox()
        let holder = try s.batchHoldingLock()
        let waiter = s.spawn(["respond", "708362"], env: s.secrets)
        // Once it waits for the lock (the kernel lists it as a waiter), end the batch.
        #expect(waitUntil { ProcState.isWaitingForLock(waiter) }, "the second respond never waited for the lock")
        kill(holder, SIGKILL) // (the test runner blocks SIGTERM in the processes it starts)
        _ = s.wait(holder)
        let r = s.wait(waiter)
        #expect(r.status == 0, "\(r.stderr)")
        // Saying so is a note, for a terminal (TerminalOrderTests.waitsOnScreen); a log stays clean.
        #expect(r.stderr.isEmpty, "\(r.stderr)")
        #expect(r.out.count == 8)
    }

    @Test("the issuer store: --no-wait exits 75 while another process holds its lock")
    func issuerStore() throws {
        let s = Sandbox()
        #expect(s.run(["issuer", "init"]).status == 0)
        #expect(s.run(["issuer", "add-user", "alice"]).status == 0)
        // This test process holds the lock, as another ibkey would.
        let lockPath = s.env["IBKEY_ISSUER_STORE"]! + ".lock"
        let fd = open(lockPath, O_RDWR | O_CREAT, 0o600)
        defer { close(fd) }
        #expect(flock(fd, LOCK_EX) == 0)
        let r = s.run(["issuer", "challenge", "alice", "--no-wait"])
        #expect(r.status == 75, "\(r.stderr)")
        #expect(r.stderr.contains("the issuer store is in use by process \(getpid())"), "\(r.stderr)")
    }
}
