import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

extension Sandbox {
    /// Starts a `respond -` batch that holds the vault lock until killed (its
    /// standard input is a FIFO nobody writes); returns its pid once the kernel
    /// lists it as the lock's holder and it waits for challenges (its attempt
    /// counted and lowered again: the file no longer changes).
    func batchHoldingLock() throws -> pid_t {
        let fifo = path("stdin.fifo")
        #expect(mkfifo(fifo, 0o600) == 0)
        let pid = spawn(["respond", "-"], env: secrets, stdinFIFO: fifo)
        if !waitUntil({ ProcState.holdsLock(pid) && ProcState.isReadingPipe(pid) }) { Issue.record("the batch never took the lock") }
        return pid
    }
}
