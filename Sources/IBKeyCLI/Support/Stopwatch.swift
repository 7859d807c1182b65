#if canImport(Glibc)
import Glibc
#endif

/// Times work on the monotonic clock, for the guessing estimate (what one
/// key derivation costs on this machine).
enum Stopwatch {
    static func seconds() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }

    /// `body`'s result and the seconds it took.
    static func timed<R>(_ body: () throws -> R) rethrows -> (R, Double) {
        let t0 = seconds()
        let r = try body()
        return (r, seconds() - t0)
    }
}
