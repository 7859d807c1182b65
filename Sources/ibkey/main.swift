#if canImport(Glibc)
import Glibc
#endif
import IBKeyCLI

exit(Tool.main())
