import CSodium

/// libsodium must be initialised once before any other call; this is idempotent
/// and thread-safe (a Swift global is initialised exactly once). Every wrapper
/// in this folder calls `requireSodium()` first.
let sodiumReady: Bool = sodium_init() >= 0

@inline(__always) func requireSodium() {
    precondition(sodiumReady, "libsodium failed to initialise")
}
