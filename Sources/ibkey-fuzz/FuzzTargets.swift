// Fuzz targets for every parser that takes outside bytes. One binary, the
// target chosen by IBKEY_FUZZ_TARGET. Built two ways:
//   - for libFuzzer (Fuzz/run.sh): -sanitize=fuzzer,address -DIBKEY_FUZZ,
//     libFuzzer provides main and calls LLVMFuzzerTestOneInput;
//   - normally: a regression runner that feeds every file of Fuzz/corpus and
//     Fuzz/crashers through each target (run by the test suite).
#if canImport(Glibc)
import Glibc
#endif
import IBKeyCore
import IBKeyCLI

enum FuzzTarget: String, CaseIterable {
    case activationCode = "activation-code"
    case registrationCode = "registration-code"
    case suite = "suite"
    case challenge = "challenge"
    case vault = "vault"
    case backup = "backup"
    case issuerStore = "issuer-store"
    /// What `users` and `status` print for a vault file, table and JSON.
    case printVault = "print-vault"
    /// What `issuer users` prints, with the input as the store's decrypted
    /// body (sealed here under the fixed key, so the fuzzer reaches the body
    /// decoder and the printing behind the encryption).
    case printIssuer = "print-issuer"
    /// `import`'s readers: what a key file is, then PSKC (parsed, decrypted
    /// with a fixed password or pre-shared key, keys selected), the IB Key data
    /// file, and a raw secret.
    case pskc = "pskc"
    case ibKeyData = "ibkey-data"
    case rawSecret = "raw-secret"
    /// `import`'s image path: the sniffer, then libpng or TurboJPEG to gray,
    /// then zbar (each loaded with dlopen on the first input).
    case qrImage = "qr-image"
    /// `import`'s text of links: what a file is (`KeyFileFormat`), then every
    /// line as an otpauth:// URI or an otpauth-migration:// link, then each
    /// account as an import and a vault record.
    case otpauth = "otpauth"
    /// A migration link built around the input as its protobuf payload
    /// (base64, percent-encoded), so that the fuzzer reaches the protobuf
    /// reader behind the link's parsing.
    case migration = "migration"

    /// Runs one input. Must never crash, hang or allocate without bound;
    /// errors are the expected outcome for most inputs.
    func run(_ data: [UInt8]) {
        let text = String(decoding: data, as: UTF8.self)
        switch self {
        case .activationCode:
            if let code = try? ActivationCode.parse(text) {
                // A code that parses must re-encode to the same bytes.
                let again = try? ActivationCode.parse(code.text())
                precondition(again?.key.constantTimeEquals(code.key) == true && again?.counter == code.counter)
            }
        case .registrationCode:
            for id in SuiteID.allCases {
                _ = try? RegistrationCode.open(text, user: "fuzz", expectedSuite: id, tokenKey: FuzzKeys.token(id))
            }
        case .suite:
            if let suite = try? OCRASuite(text) {
                // Any suite that parses can compute a response for a typical challenge.
                let key = SecureBytes(count: suite.hash.digestLength)
                let q = String(repeating: suite.challengeFormat == .alphanumeric ? "A" : "1", count: suite.challengeLength)
                _ = try? OCRA(suite: suite, key: key).response(OCRAInput(
                    counter: 1, question: q, pinHash: suite.pinHash.map { SecureBytes(count: $0.digestLength) },
                    session: suite.sessionLength.map { [UInt8](repeating: 0, count: $0) }, timeSteps: 1))
            }
        case .challenge:
            for suite in [OCRASuite.ibKey, try! OCRASuite("OCRA-1:HOTP-SHA1-6:QH64"), try! OCRASuite("OCRA-1:HOTP-SHA1-6:QA20")] {
                if let q = try? Challenge.normalize(text, suite: suite) {
                    _ = try? OCRA(suite: suite, key: SecureBytes(count: 20)).response(OCRAInput(counter: 0, question: q,
                        pinHash: suite.pinHash.map { SecureBytes(count: $0.digestLength) }))
                }
            }
            var msg = [UInt8](repeating: 0, count: 128)
            _ = try? OCRA.encodeQuestion(text, format: .numeric, into: &msg, at: 0)
        case .vault, .backup:
            let kind: ContainerKind = self == .vault ? .vault : .backup
            // As given (the checksum stops almost everything), with a valid
            // format-1 checksum appended, and with the format-2 header checksum
            // fixed, so the fuzzer reaches the structure parsers.
            for bytes in [data, data + BLAKE2b.hash(data), FuzzKeys.withV2HeaderChecksum(data)] {
                if let sealed = try? SealedVault.parse(bytes, as: kind) {
                    // Only cheap KDF settings are tried, so the fuzzer keeps its speed.
                    for slot in sealed.slots where slot.kdf.memLimitKiB <= 64 && slot.kdf.opsLimit <= 2 {
                        if let v = try? sealed.tryUnlock(slot.pinKind, pin: FuzzKeys.pin) {
                            for i in v.users.indices { _ = try? v.secret(at: i) }
                            _ = try? v.serialized()
                        }
                    }
                }
            }
        case .issuerStore:
            for bytes in [data, data + BLAKE2b.hash(data)] {
                _ = try? IssuerStoreCodec.decode(bytes, key: FuzzKeys.store)
            }
        case .printVault:
            for bytes in [data, data + BLAKE2b.hash(data), FuzzKeys.withV2HeaderChecksum(data)] {
                _ = PrintingPaths.vault(bytes)
            }
        case .printIssuer:
            for version: UInt16 in [1, 2, 3] {
                _ = PrintingPaths.issuerStore(FuzzKeys.storeFile(body: data, version: version), key: FuzzKeys.store, now: 1_800_000_000)
            }
        case .pskc:
            let bytes = SecureBytes(copying: data)
            _ = try? KeyFileFormat.of(bytes)
            guard let document = try? PSKCDocument.parse(bytes) else { return }
            var keys: [PSKCDocument.DecryptionKey?] = [nil, .preShared(FuzzKeys.psk16), .preShared(FuzzKeys.psk32)]
            // PBKDF2 costs what the file asks; only cheap counts keep the fuzzer fast.
            if (document.passwordIterations ?? 0) <= 2_000 { keys.append(.password(FuzzKeys.pin)) }
            for key in keys {
                if let decrypted = try? document.decrypted(with: key) {
                    for imported in (try? PSKCKey.importable(decrypted, keyID: nil)) ?? [] {
                        _ = try? imported.record(name: "fuzz", tokenPIN: FuzzKeys.pin, now: 0)
                    }
                }
            }
        case .ibKeyData:
            let bytes = SecureBytes(copying: data)
            _ = try? KeyFileFormat.of(bytes)
            if let file = try? IBKeyDataFile.parse(bytes) {
                // A file that parses gives a user that answers the IB Key suite.
                let (entry, secret) = try! file.key.record(name: "fuzz", tokenPIN: nil, now: 0)
                precondition(entry.suite == .ocra(OCRASuite.ibKey) && secret.pinHash?.count == 20)
            }
        case .rawSecret:
            if let key = try? RawSecret.decode(SecureBytes(copying: data)) {
                precondition(key.count <= data.count)
            }
        case .otpauth:
            let bytes = SecureBytes(copying: data)
            _ = try? KeyFileFormat.of(bytes)
            do {
                let entries = try OTPAuthText.accounts(in: bytes)
                precondition(!entries.isEmpty && entries.count <= OTPAuthText.maxAccounts)
                for entry in entries {
                    let key = try! ImportedKey(account: entry.account, origin: entry.place)
                    _ = try! key.record(name: "fuzz", issuer: key.issuer, tokenPIN: nil, now: 0)
                    // An account read from a link reads back equal from the link ibkey writes for it.
                    precondition((try? OTPAuthURI.parse(OTPAuthURI.uri(for: entry.account))) == entry.account)
                }
            } catch {
                precondition(error is OTPAuthError, "\(error)")
            }
        case .migration:
            let link = Array("otpauth-migration://offline?data=".utf8) + Array(Base64.encode(data).utf8).flatMap { c -> [UInt8] in
                // '+', '/' and '=' percent-encoded, as Google Authenticator writes them.
                c == 0x2B ? Array("%2B".utf8) : c == 0x2F ? Array("%2F".utf8) : c == 0x3D ? Array("%3D".utf8) : [c]
            }
            do {
                let payload = try MigrationPayload.parse(SecureBytes(copying: link))
                precondition(!payload.accounts.isEmpty && payload.accounts.count <= MigrationPayload.maxAccounts)
                for account in payload.accounts {
                    _ = try! ImportedKey(account: account, origin: nil).record(name: "fuzz", issuer: account.issuer, tokenPIN: nil, now: 0)
                }
            } catch {
                precondition(error is OTPAuthError, "\(error)")
            }
        case .qrImage:
            let bytes = SecureBytes(copying: data)
            do {
                // A code read means an image the sniffer knows, and some data.
                let found = try QRImage.payloads(in: bytes)
                precondition(QRImage.isImage(bytes) && !found.isEmpty)
            } catch {
                precondition(error is ImageError, "\(error)")
            }
        }
    }
}

enum FuzzKeys {
    /// The bytes with the 32 bytes after the header (format 2: bytes 10..<14
    /// give its length) replaced by the header's checksum.
    static func withV2HeaderChecksum(_ data: [UInt8]) -> [UInt8] {
        guard data.count >= 14 else { return data }
        let h = Int(data[10]) << 24 | Int(data[11]) << 16 | Int(data[12]) << 8 | Int(data[13])
        guard h + 32 <= data.count else { return data }
        var b = data
        b.replaceSubrange(h..<(h + 32), with: BLAKE2b.hash(Array(data[0..<h])))
        return b
    }
    static let pin = SecureBytes(copying: Array("9137".utf8))

    /// An issuer store file (Docs/ISSUER.md) whose decrypted body is `body`.
    static func storeFile(body: [UInt8], version: UInt16) -> [UInt8] {
        IssuerStoreCodec.seal(body: SecureBytes(copying: body), version: version, key: store,
                              nonce: [UInt8](repeating: 1, count: XChaCha20Poly1305.nonceBytes))
    }
    static let store = SecureBytes(copying: [UInt8](repeating: 7, count: 32))
    /// The pre-shared keys of the python-pskc test files (PSK "12345678901234567890123456789012"), and a 32-byte one.
    static let psk16 = SecureBytes(copying: Hex.decode("12345678901234567890123456789012")!)
    static let psk32 = SecureBytes(copying: [UInt8](repeating: 0x31, count: 32))
    static func token(_ id: SuiteID) -> SecureBytes { SecureBytes(copying: [UInt8](repeating: 9, count: id.keyLength)) }
}

func selectedTarget() -> FuzzTarget {
    guard let p = getenv("IBKEY_FUZZ_TARGET"), let t = FuzzTarget(rawValue: String(cString: p)) else {
        let names = FuzzTarget.allCases.map(\.rawValue).joined(separator: ", ")
        let msg = "set IBKEY_FUZZ_TARGET to one of: \(names)\n"
        _ = msg.withCString { write(2, $0, strlen($0)) }
        exit(2)
    }
    return t
}

#if IBKEY_FUZZ
let fuzzTarget = selectedTarget()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    fuzzTarget.run(size == 0 ? [] : Array(UnsafeBufferPointer(start: data, count: size)))
    return 0
}

@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(_ argc: UnsafeMutablePointer<Int32>,
                         _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
                         _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32) -> Int32

/// SwiftPM links an executable's entry point as `<module>_main`; hand it to
/// libFuzzer's driver.
@_cdecl("ibkey_fuzz_main")
public func fuzzMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    var c = argc
    var v = argv
    return LLVMFuzzerRunDriver(&c, &v) { data, size in fuzzOne(data, size) }
}
#else
/// Regression runner: `ibkey-fuzz DIR...` runs every file in each DIR/<target>/
/// through its target (all targets when IBKEY_FUZZ_TARGET is unset).
/// `ibkey-fuzz --write-seeds DIR` writes the seed corpus instead (`make fuzz-seeds`).
@main
struct RegressionRunner {
    static func main() {
        if CommandLine.arguments.count == 3 && CommandLine.arguments[1] == "--write-seeds" {
            do { try FuzzSeeds.write(to: CommandLine.arguments[2]) } catch {
                let msg = "ibkey-fuzz: \(error)\n"
                _ = msg.withCString { write(2, $0, strlen($0)) }
                exit(1)
            }
            print("seeds written to \(CommandLine.arguments[2])")
            return
        }
        var count = 0
        for dir in CommandLine.arguments.dropFirst() {
            for target in FuzzTarget.allCases {
                let sub = dir + "/" + target.rawValue
                guard let d = opendir(sub) else { continue }
                defer { closedir(d) }
                while let e = readdir(d) {
                    let name = withUnsafeBytes(of: e.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
                    if name.hasPrefix(".") { continue }
                    let path = sub + "/" + name
                    guard let bytes = try? FileReader.read(path, maxSize: 1 << 20)?.bytes else { continue }
                    target.run(bytes)
                    count += 1
                }
            }
        }
        print("fuzz regression: \(count) inputs ran without a crash")
    }
}
#endif
