import Foundation
@testable import IBKeyCore

/// Crafting files as someone with write access to the folder would: every
/// integer field of each format, located from Docs/VAULT.md and Docs/ISSUER.md
/// (not from the code's layout), set to extreme values, with the checksums
/// fixed (they are unkeyed) and, where the tests know the keys, the encrypted
/// parts sealed again.
enum Crafting {
    struct Field: CustomStringConvertible {
        let name: String
        let offset: Int
        let width: Int
        var description: String { "\(name) @\(offset)" }
    }

    static func be(_ b: [UInt8], _ o: Int, _ w: Int) -> Int { (0..<w).reduce(0) { $0 << 8 | Int(b[o + $1]) } }

    static func set(_ b: inout [UInt8], _ f: Field, _ v: UInt64) {
        for i in 0..<f.width { b[f.offset + i] = UInt8(truncatingIfNeeded: v >> UInt64(8 * (f.width - 1 - i))) }
    }

    /// 0, 1, the signed and unsigned extremes of the field's width.
    static func extremes(_ width: Int) -> [UInt64] {
        let bits = UInt64(8 * width)
        let max = bits == 64 ? UInt64.max : (1 << bits) - 1
        return Array(Set([0, 1, max >> 1, (max >> 1) + 1, max])).sorted()
    }

    // MARK: vault and backup, formats 2, 3 and 4

    /// Fixed header, slots, attempt cells (format 4) and directory fields of a format-2, -3 or -4 file.
    static func recordFormatFields(_ b: [UInt8]) -> [Field] {
        let version = be(b, 8, 2), f = be(b, 10, 4)
        var out = [Field(name: "version", offset: 8, width: 2), Field(name: "header length", offset: 10, width: 4)]
        var o = 14
        if version == 2 { out.append(Field(name: "KDF level", offset: o, width: 1)); o += 1 }
        out.append(Field(name: "slot count", offset: o, width: 1))
        let slots = Int(b[o]); o += 1
        for k in 0..<slots {
            out += [Field(name: "slot \(k) kind", offset: o, width: 1), Field(name: "slot \(k) algorithm", offset: o + 1, width: 1),
                    Field(name: "slot \(k) opslimit", offset: o + 2, width: 4), Field(name: "slot \(k) memlimit", offset: o + 6, width: 4)]
            o += b[o] == 4 ? 346 : b[o] == 3 ? 226 : 98
        }
        var d = f + 32
        if version >= 4 {
            // The attempt cells: each count of each cell (the checks are fixed again by fixRecordFormatChecksums).
            for c in 0..<2 {
                out += [Field(name: "attempt cell \(c) failed PIN", offset: d + 32 * c, width: 2),
                        Field(name: "attempt cell \(c) failed recovery", offset: d + 32 * c + 2, width: 2)]
            }
            d += 64
        } else {
            out += [Field(name: "failed PIN", offset: f - 80, width: 2), Field(name: "failed recovery", offset: f - 78, width: 2)]
        }
        out += [Field(name: "user count", offset: f - 76, width: 4), Field(name: "directory length", offset: f - 72, width: 4),
                Field(name: "records length", offset: f - 68, width: 4)]
        let suites = Int(b[d])
        out.append(Field(name: "suite count", offset: d, width: 1)); d += 1
        for k in 0..<suites {
            out.append(Field(name: "suite \(k) length", offset: d, width: 1)); d += 1 + Int(b[d])
        }
        for u in 0..<be(b, f - 76, 4) {
            let n = Int(b[d])
            out += [Field(name: "user \(u) name length", offset: d, width: 1), Field(name: "user \(u) suite index", offset: d + 1 + n, width: 1),
                    Field(name: "user \(u) enrolled at", offset: d + 2 + n, width: 8), Field(name: "user \(u) record length", offset: d + 10 + n, width: 2)]
            d += 12 + n
            if version >= 4 {
                out.append(Field(name: "user \(u) issuer length", offset: d, width: 1))
                d += 1 + Int(b[d])
            }
        }
        return out
    }

    /// Directory and records checksums, then the header checksum, and in
    /// format 4 the attempt cells bound to it (their counts as the file holds
    /// them), as the file now is.
    static func fixRecordFormatChecksums(_ b: inout [UInt8]) {
        let f = be(b, 10, 4)
        guard f >= 76, f + 32 <= b.count else { return }
        let cells = be(b, 8, 2) >= 4 ? 64 : 0
        let dlen = be(b, f - 72, 4), rlen = be(b, f - 68, 4)
        let dstart = f + 32 + cells
        if dstart + dlen + rlen <= b.count {
            b.replaceSubrange((f - 64)..<(f - 32), with: BLAKE2b.hash(Array(b[dstart..<(dstart + dlen)])))
            b.replaceSubrange((f - 32)..<f, with: BLAKE2b.hash(Array(b[(dstart + dlen)..<(dstart + dlen + rlen)])))
        }
        let sum = BLAKE2b.hash(Array(b[0..<f]))
        b.replaceSubrange(f..<(f + 32), with: sum)
        if cells > 0, f + 96 <= b.count {
            for c in 0..<2 {
                let o = f + 32 + 32 * c
                let counts = AttemptCells.Counts(pin: UInt16(b[o]) << 8 | UInt16(b[o + 1]), recovery: UInt16(b[o + 2]) << 8 | UInt16(b[o + 3]))
                b.replaceSubrange(o..<(o + 32), with: AttemptCells.cell(counts, headerChecksum: sum[...]))
            }
        }
    }

    /// Every user's record with one plaintext field (record version, key
    /// length, P-hash length) set to `value`, sealed again with `dataKey`;
    /// and the cells of user `index` holding `counter` under valid tags.
    static func withRecordField(_ b: [UInt8], user index: Int, field: Int, value: UInt8, dataKey: SecureBytes) throws -> [UInt8] {
        var out = b
        guard case .records(let format) = try SealedVault.parse(b, as: .vault).layout else { return b }
        let sealed = try SealedVault.parse(b, as: .vault)
        let range = format.recordRange(index)
        let record = Array(b[range])
        let entry = sealed.users[index]
        let plain = try require2(XChaCha20Poly1305.open(record[24...], key: dataKey, nonce: record[0..<24], aad: UserRecord.associatedData(entry)[...]))
        let edited = SecureBytes(copying: plain, range: 0..<plain.count)
        let offsets = [0, 1, 2 + Int(plain[1])] // version, key length, P-hash length
        edited.withMutableBytes { $0[offsets[field]] = value }
        let resealed = Array(record[0..<24]) + XChaCha20Poly1305.seal(edited, key: dataKey, nonce: Array(record[0..<24]), aad: UserRecord.associatedData(entry))
        out.replaceSubrange(range, with: resealed)
        fixRecordFormatChecksums(&out)
        return out
    }

    static func withCounter(_ b: [UInt8], user index: Int, counter: UInt64, dataKey: SecureBytes) throws -> [UInt8] {
        var out = b
        guard case .records(let format) = try SealedVault.parse(b, as: .vault).layout else { return b }
        let nonce = ArraySlice(Array(b[format.recordRange(index)].prefix(24)))
        out.replaceSubrange(format.cellsRange(index), with: CounterCells.pair(counter, recordNonce: nonce, key: CounterCells.key(from: dataKey)))
        return out
    }

    // MARK: format 1

    /// Header fields of a format-1 file (Docs/VAULT.md, "Format 1").
    static func formatOneFields(_ b: [UInt8]) -> [Field] {
        var out = [Field(name: "v1 header length", offset: 10, width: 4), Field(name: "v1 KDF level", offset: 14, width: 1),
                   Field(name: "v1 slot count", offset: 15, width: 1)]
        var o = 16
        for k in 0..<Int(b[15]) {
            out += [Field(name: "v1 slot \(k) opslimit", offset: o + 2, width: 4), Field(name: "v1 slot \(k) memlimit", offset: o + 6, width: 4)]
            o += 98
        }
        out.append(Field(name: "v1 user count", offset: o, width: 4))
        var e = o + 4
        for u in 0..<be(b, o, 4) {
            let n = Int(b[e])
            out.append(Field(name: "v1 user \(u) name length", offset: e, width: 1))
            let s = e + 1 + n
            out.append(Field(name: "v1 user \(u) suite length", offset: s, width: 1))
            out.append(Field(name: "v1 user \(u) enrolled at", offset: s + 1 + Int(b[s]), width: 8))
            e = s + 1 + Int(b[s]) + 8
        }
        let h = be(b, 10, 4)
        out += [Field(name: "v1 failed PIN", offset: h, width: 2), Field(name: "v1 body length", offset: h + 28, width: 4)]
        return out
    }

    static func fixFormatOneChecksum(_ b: inout [UInt8]) {
        guard b.count >= 32 else { return }
        b.replaceSubrange((b.count - 32)..<b.count, with: BLAKE2b.hash(Array(b[0..<(b.count - 32)])))
    }

    // MARK: issuer store (Docs/ISSUER.md, "Store format", versions 2 and 3)

    /// The fields of a decrypted format-2 or -3 body (its first byte says which).
    static func issuerBodyFields(_ p: [UInt8]) -> [Field] {
        var out = [Field(name: "body version", offset: 0, width: 1), Field(name: "user count", offset: 1, width: 4)]
        var o = 5
        for u in 0..<be(p, 1, 4) {
            let n = Int(p[o])
            out.append(Field(name: "user \(u) name length", offset: o, width: 1)); o += 1 + n
            out.append(Field(name: "user \(u) suite", offset: o, width: 1))
            if p[0] >= 3 && p[o] == 0 {
                // A TOTP/HOTP user: its suite's text follows the suite id 0.
                out.append(Field(name: "user \(u) suite text length", offset: o + 1, width: 1))
                o += 1 + Int(p[o + 1])
            }
            out += [Field(name: "user \(u) state", offset: o + 1, width: 1),
                    Field(name: "user \(u) counter", offset: o + 2, width: 8), Field(name: "user \(u) created", offset: o + 10, width: 8)]
            o += 18
            out.append(Field(name: "user \(u) key length", offset: o, width: 1)); o += 1 + Int(p[o])
            out.append(Field(name: "user \(u) P length", offset: o, width: 1)); o += 1 + Int(p[o])
            let failures = Int(p[o])
            out.append(Field(name: "user \(u) failures", offset: o, width: 1)); o += 1
            for k in 0..<failures { out.append(Field(name: "user \(u) failure \(k)", offset: o, width: 8)); o += 8 }
            out.append(Field(name: "user \(u) blocked until", offset: o, width: 8)); o += 8
            let challenges = be(p, o, 4)
            out.append(Field(name: "user \(u) challenges", offset: o, width: 4)); o += 4
            for k in 0..<challenges {
                let n = Int(p[o])
                out += [Field(name: "user \(u) challenge \(k) length", offset: o, width: 1),
                        Field(name: "user \(u) challenge \(k) issued", offset: o + 1 + n, width: 8),
                        Field(name: "user \(u) challenge \(k) expires", offset: o + 9 + n, width: 8)]
                o += 17 + n
            }
        }
        return out
    }

    /// The decrypted body of a format-2 or -3 store.
    static func issuerBody(_ file: [UInt8], key: SecureBytes) throws -> [UInt8] {
        let n = be(file, 34, 4)
        let plain = try require2(XChaCha20Poly1305.open(file[38..<(38 + n)], key: key, nonce: file[10..<34], aad: file[0..<10]))
        return plain.unprotectedCopy()
    }

    /// A store of format `version` (3, what ibkey writes, unless said)
    /// holding `body`, sealed under `key`, with its checksum.
    static func issuerFile(body: [UInt8], key: SecureBytes, version: UInt8 = 3) -> [UInt8] {
        let header = Array("IBKEYISS".utf8) + [0, version]
        let nonce = Random.bytes(24)
        let ct = XChaCha20Poly1305.seal(SecureBytes(copying: body), key: key, nonce: nonce, aad: header)
        var w = header + nonce
        for s in [24, 16, 8, 0] { w.append(UInt8(truncatingIfNeeded: ct.count >> s)) }
        w += ct
        return w + BLAKE2b.hash(w)
    }
}

struct CraftingError: Error {}

/// `#require` for helpers that are not tests.
func require2<T>(_ v: T?) throws -> T {
    guard let v else { throw CraftingError() }
    return v
}
