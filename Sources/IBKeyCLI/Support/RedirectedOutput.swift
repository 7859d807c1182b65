#if canImport(Glibc)
import Glibc
#endif

/// `backup -o -` and `export` to standard output: when stdout is a file the
/// shell created (`> FILE`), its mode comes from the umask, not from ibkey,
/// and is usually readable by others.
enum RedirectedOutput {
    static func warnIfReadableByOthers(what: String) {
        var st = stat()
        guard fstat(1, &st) == 0, st.st_mode & S_IFMT == S_IFREG, st.st_mode & 0o077 != 0 else { return }
        Console.warning("\(what) goes to a file that other users can read (mode \(String(st.st_mode & 0o777, radix: 8))); "
            + "run 'chmod 600' on it, or write it with -o FILE (0600) or under 'umask 077'")
    }
}
