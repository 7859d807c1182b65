// swift-tools-version:6.0
// ibkey: a command-line soft token (see README.md).
// Copyright 2026 the ibkey team
// SPDX-License-Identifier: Apache-2.0
import PackageDescription

let package = Package(
    name: "ibkey",
    products: [
        .executable(name: "ibkey", targets: ["ibkey"]),
        .library(name: "IBKeyCore", targets: ["IBKeyCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        // The whole C surface lives in these tiny system-library targets: a
        // module map and a header each.
        .systemLibrary(
            name: "CSodium",
            pkgConfig: "libsodium",
            providers: [.apt(["libsodium-dev"])]
        ),
        .systemLibrary(
            name: "COpenSSL",
            pkgConfig: "libcrypto",
            providers: [.apt(["libssl-dev"])]
        ),
        // libexpat's declarations only: the library is loaded with dlopen when
        // an XML (PSKC) file is read, never at start-up (Docs/IMPORT.md).
        .systemLibrary(
            name: "CExpat",
            providers: [.apt(["libexpat1-dev"])]
        ),
        // zbar, libpng and TurboJPEG: declarations only, like CExpat. They are
        // loaded with dlopen the first time `import` reads an image (a QR code
        // screenshot), never at start-up (Docs/IMPORT.md).
        .systemLibrary(
            name: "CZBar",
            providers: [.apt(["libzbar-dev"])]
        ),
        .systemLibrary(
            name: "CPNG",
            providers: [.apt(["libpng-dev"])]
        ),
        .systemLibrary(
            name: "CTurboJPEG",
            providers: [.apt(["libturbojpeg0-dev"])]
        ),
        .systemLibrary(
            name: "CQREncode",
            pkgConfig: "libqrencode",
            providers: [.apt(["libqrencode-dev"])]
        ),
        // Pure core: OCRA, codecs, vault, PIN policy, issuer store. No printing, no exit.
        .target(
            name: "IBKeyCore",
            dependencies: ["CSodium", "COpenSSL", "CExpat", "CZBar", "CPNG", "CTurboJPEG"]
        ),
        // The command-line edge: parsing, prompts, output, exit codes. A library,
        // so that tests and the fuzzer reach its printing paths; `ibkey` is its
        // one-file entry point.
        .target(
            name: "IBKeyCLI",
            dependencies: [
                "IBKeyCore",
                "CQREncode",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "ibkey",
            dependencies: ["IBKeyCLI"],
            linkerSettings: [
                // Start-up: link the C++ runtime (used only by the static Swift
                // runtime) statically, so libstdc++.so and libgcc_s.so are not
                // loaded, relocated and initialised at every start (-0.6 ms, see
                // Docs/PERFORMANCE.md). Linker/libstdc++.so is a linker script found
                // before the system one; it names libstdc++.a.
                .unsafeFlags(["-L", Context.packageDirectory + "/Linker", "-Xclang-linker", "-static-libgcc"],
                             .when(platforms: [.linux], configuration: .release)),
            ]
        ),
        // `make bench`: throughput of the core, no CLI in the way.
        .executableTarget(
            name: "ibkey-bench",
            dependencies: ["IBKeyCore"]
        ),
        // Fuzz targets (Fuzz/run.sh builds them with libFuzzer); a normal build
        // is the regression runner over Fuzz/corpus and Fuzz/crashers.
        .executableTarget(
            name: "ibkey-fuzz",
            dependencies: ["IBKeyCore", "IBKeyCLI"]
        ),
        .testTarget(
            name: "IBKeyCoreTests",
            dependencies: ["IBKeyCore"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "IBKeyCLITests",
            dependencies: ["IBKeyCore", "IBKeyCLI", "ibkey", "ibkey-fuzz"],
            resources: [.copy("Fixtures")]
        ),
    ],
    swiftLanguageModes: [.v6]
)
