#!/usr/bin/env python3
"""An independent reader of vault format 2, written from Docs/VAULT.md alone.

Checks magic, version, the fixed header length and checksum, the directory and
records checksums, the directory structure, the padding and the exact size, and
prints one line per user: name, suite, enrolled-at, record length. Exits 1 with
a message on the first disagreement. (Keys and cell tags need the PIN and
Argon2id, which the Python standard library lacks: the Swift tests cover them.)
"""
import hashlib, struct, sys


def b2(data):
    return hashlib.blake2b(data, digest_size=32).digest()


def main(path):
    d = open(path, "rb").read()
    magic = d[:8]
    assert magic in (b"IBKEYVLT", b"IBKEYBAK"), "magic"
    assert d[8:10] == b"\x00\x02", "version"
    (f,) = struct.unpack(">I", d[10:14])
    k = d[15]
    assert k == (2 if magic == b"IBKEYVLT" else 1), "slot count"
    assert f == 96 + 98 * k, "fixed header length"
    assert b2(d[:f]) == d[f:f + 32], "header checksum"
    o = 16 + 98 * k
    _, _, users, dlen, rlen = struct.unpack(">HHIII", d[o:o + 16])
    directory = d[f + 32:f + 32 + dlen]
    records = d[f + 32 + dlen:f + 32 + dlen + rlen]
    assert b2(directory) == d[o + 16:o + 48], "directory checksum"
    assert b2(records) == d[o + 48:o + 80], "records checksum"
    p, suites = 1, []
    for _ in range(directory[0]):
        n = directory[p]
        suites.append(directory[p + 1:p + 1 + n].decode())
        p += 1 + n
    total = 0
    for _ in range(users):
        n = directory[p]
        name = directory[p + 1:p + 1 + n].decode()
        suite = suites[directory[p + 1 + n]]
        (enrolled,) = struct.unpack(">q", directory[p + 2 + n:p + 10 + n])
        (length,) = struct.unpack(">H", directory[p + 10 + n:p + 12 + n])
        assert 43 <= length <= 171, "record length"
        print(name, suite, enrolled, length)
        p += 12 + n
        total += length
    assert p == dlen, "directory length"
    assert total == rlen, "record lengths"
    end = f + 32 + dlen + rlen
    cells = (end + 31) // 32 * 32
    assert all(x == 0 for x in d[end:cells]), "padding"
    assert len(d) == cells + 64 * users, "file size"


if __name__ == "__main__":
    try:
        main(sys.argv[1])
    except (AssertionError, IndexError, struct.error, UnicodeDecodeError) as e:
        print("disagrees with Docs/VAULT.md:", e or "truncated", file=sys.stderr)
        sys.exit(1)
