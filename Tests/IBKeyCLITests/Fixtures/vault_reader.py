#!/usr/bin/env python3
"""Independent reader of ibkey vault/backup files, written from VAULT.md only.

usage: vault_reader.py FILE [PIN-KIND PIN]
       PIN-KIND is `pin` (the kind-1 slot) or `recovery` (the kind-2/3 slot).

Without a PIN: every check that needs no key (magic, version, fixed header,
header checksum, slots, KDF levels, sizes, directory and records checksums,
directory structure, record lengths, zero padding, exact file size), then one
line per user:   name suite enrolled_at record_length
With a PIN: also opens the slot, every record and every counter cell, then:
                 name suite enrolled_at record_length counter key_hex pinhash_hex
(pinhash_hex is `-` when the suite has no P).

Exit 0 ok, 1 damage / unsupported (one message on stderr), 2 usage,
3 wrong PIN. Guesses made where VAULT.md is silent are marked GUESS and are
listed in NOTES.md.
"""
import hashlib
import struct
import sys
import unicodedata

import nacl.bindings as nb
import nacl.exceptions

MAGIC_VAULT = b"IBKEYVLT"
MAGIC_BACKUP = b"IBKEYBAK"

# (opslimit, memlimit KiB) -> level name; "exactly one of the four"
LEVELS = {
    (1, 8): "test",
    (2, 64 * 1024): "interactive",
    (3, 256 * 1024): "moderate",
    (4, 1024 * 1024): "sensitive",
}
ALG_ARGON2ID13 = 2
MAX_USERS = 100_000
MAX_DATE = 253_402_300_799
FORMAT2_SKIP = 20  # "ibkey then skips 20 counters ahead"


class Damage(Exception):
    pass


class Unsupported(Exception):
    pass


class WrongPin(Exception):
    pass


class Usage(Exception):
    pass


def u16(b, o):
    return struct.unpack_from(">H", b, o)[0]


def u32(b, o):
    return struct.unpack_from(">I", b, o)[0]


def u64(b, o):
    return struct.unpack_from(">Q", b, o)[0]


def b2b256(data):
    return hashlib.blake2b(data, digest_size=32).digest()


def b2b128_keyed(key, data):
    return hashlib.blake2b(data, digest_size=16, key=key).digest()


def kdf_derive(subkey_len, subkey_id, ctx, key):
    """libsodium crypto_kdf_derive_from_key (crypto_kdf_blake2b)."""
    assert len(ctx) == 8 and len(key) == 32
    salt = struct.pack("<Q", subkey_id) + b"\x00" * 8
    person = ctx + b"\x00" * 8
    return hashlib.blake2b(b"", digest_size=subkey_len, key=key,
                           salt=salt, person=person).digest()


def ceil32(n):
    return (n + 31) // 32 * 32


# ---------------------------------------------------------------- slots

class Slot:
    def __init__(self, off, kind, alg, ops, mem, salt, nonce, wrapped,
                 pk=None, sealed=None, tag=None):
        self.off, self.kind, self.alg, self.ops, self.mem = off, kind, alg, ops, mem
        self.salt, self.nonce, self.wrapped = salt, nonce, wrapped
        self.pk, self.sealed, self.tag = pk, sealed, tag

    @property
    def size(self):
        return 226 if self.kind == 3 else 98


def parse_slot(data, off, end, allowed_kinds):
    """Parse one key slot at off; must fit before end."""
    if off + 98 > end:
        raise Damage("key slot at %d runs past the slot area" % off)
    kind = data[off]
    if kind not in allowed_kinds:
        raise Damage("key slot at %d: kind %d not allowed here" % (off, kind))
    if kind == 3 and off + 226 > end:
        raise Damage("key slot at %d (kind 3) runs past the slot area" % off)
    alg = data[off + 1]
    ops = u32(data, off + 2)
    mem = u32(data, off + 6)
    salt = data[off + 10:off + 26]
    nonce = data[off + 26:off + 50]
    wrapped = data[off + 50:off + 98]
    s = Slot(off, kind, alg, ops, mem, salt, nonce, wrapped)
    if kind == 3:
        s.pk = data[off + 98:off + 130]
        s.sealed = data[off + 130:off + 210]
        s.tag = data[off + 210:off + 226]
    if alg != ALG_ARGON2ID13:
        raise Damage("key slot at %d: KDF algorithm %d is not 2 (Argon2id13)" % (off, alg))
    if (ops, mem) not in LEVELS:
        raise Damage("key slot at %d: opslimit %d / memlimit %d KiB is not a KDF level"
                     % (off, ops, mem))
    return s


def check_slot_order(slots, is_backup, kinds_recovery):
    kinds = [s.kind for s in slots]
    if is_backup:
        if len(kinds) != 1 or kinds[0] not in kinds_recovery:
            raise Damage("backup slots must be one recovery slot, found kinds %r" % kinds)
    else:
        if len(kinds) != 2 or kinds[0] != 1 or kinds[1] not in kinds_recovery:
            raise Damage("vault slots must be PIN then recovery, found kinds %r" % kinds)
    levels = {LEVELS[(s.ops, s.mem)] for s in slots}
    if len(levels) != 1:
        raise Damage("key slots are at different KDF levels: %s" % sorted(levels))


def slot_aad(magic, s):
    v = 3 if s.kind == 3 else 1
    return (magic + struct.pack(">HBBII", v, s.kind, s.alg, s.ops, s.mem) + s.salt)


def open_slot(magic, s, pin):
    """Returns the data key, or raises WrongPin / Damage."""
    kek = nb.crypto_pwhash_alg(32, pin, s.salt, s.ops, s.mem * 1024,
                               nb.crypto_pwhash_ALG_ARGON2ID13)
    aad = slot_aad(magic, s)
    assert len(aad) == 36
    try:
        inner = nb.crypto_aead_xchacha20poly1305_ietf_decrypt(s.wrapped, aad, s.nonce, kek)
    except nacl.exceptions.CryptoError:
        raise WrongPin()
    if s.kind in (1, 2):
        return inner
    # kind 3: inner is the recovery secret key
    sk = inner
    pk = nb.crypto_scalarmult_base(sk)
    if pk != s.pk:
        raise Damage("recovery slot: public key of the secret key is not the stored one")
    try:
        dk = nb.crypto_box_seal_open(s.sealed, s.pk, sk)
    except nacl.exceptions.CryptoError:
        raise Damage("recovery slot: sealed data key does not open")
    if len(dk) != 32:
        raise Damage("recovery slot: sealed data key has %d bytes" % len(dk))
    slot_key = kdf_derive(32, 2, b"ibkslots", dk)
    if b2b128_keyed(slot_key, magic + s.pk) != s.tag:
        raise Damage("recovery slot: public-key tag does not verify")
    return dk


# ---------------------------------------------------------------- names, suites

BAD_CATEGORIES = {"Cc", "Cf", "Zl", "Zp"}


def check_name(raw, where):
    if not 1 <= len(raw) <= 64:
        raise Damage("%s: name length %d outside 1-64" % (where, len(raw)))
    try:
        name = raw.decode("utf-8", "strict")
    except UnicodeDecodeError:
        raise Damage("%s: name is not UTF-8" % where)
    for ch in name:
        if unicodedata.category(ch) in BAD_CATEGORIES:
            raise Damage("%s: name has a character of category %s (U+%04X)"
                         % (where, unicodedata.category(ch), ord(ch)))
    # GUESS: "space" means U+0020 only
    if name.startswith(" ") or name.endswith(" "):
        raise Damage("%s: name has a leading or trailing space" % where)
    return name


def check_suite_text(raw, where):
    # GUESS: an empty suite text is not an OCRA suite -> damage
    if len(raw) == 0:
        raise Damage("%s: empty suite text" % where)
    for c in raw:
        if not 0x21 <= c <= 0x7E:
            raise Damage("%s: suite text has byte 0x%02x (not printable ASCII without blanks)"
                         % (where, c))
    return raw.decode("ascii")


def suite_p_length(suite):
    """PIN-hash length named by the suite's P (DataInput), 0 if none."""
    parts = suite.split(":")
    if len(parts) != 3:
        return None  # unknown shape: do not check
    for item in parts[2].split("-"):
        if item.startswith("P"):
            return {"PSHA1": 20, "PSHA256": 32, "PSHA512": 64}.get(item)
    return 0


def check_date(t, where):
    if not 0 <= t <= MAX_DATE:
        raise Damage("%s: enrolled-at %d outside 0-%d" % (where, t, MAX_DATE))


# ---------------------------------------------------------------- records, cells

def record_aad(name_raw, suite_raw, date):
    return (b"IBKEYREC" + b"\x00\x02" + bytes([len(name_raw)]) + name_raw
            + bytes([len(suite_raw)]) + suite_raw + struct.pack(">Q", date))


def parse_plaintext(pt, version, suite, where, with_counter=False):
    """Record plaintext (formats 2, 3). Returns (key, pinhash)."""
    if len(pt) < 3:
        raise Damage("%s: plaintext too short" % where)
    if pt[0] != 1:
        raise Damage("%s: record version %d is not 1" % (where, pt[0]))
    kl = pt[1]
    if version >= 3:
        if not 16 <= kl <= 128:
            raise Damage("%s: key length %d outside 16-128" % (where, kl))
    else:
        if kl not in (20, 32, 64):
            raise Damage("%s: key length %d not 20, 32 or 64" % (where, kl))
    if 2 + kl + 1 > len(pt):
        raise Damage("%s: plaintext too short for its key" % where)
    key = pt[2:2 + kl]
    pl = pt[2 + kl]
    if pl not in (0, 20, 32, 64):
        raise Damage("%s: PIN-hash length %d not 0, 20, 32 or 64" % (where, pl))
    want = suite_p_length(suite)
    if want is not None and pl != want:  # GUESS: must match the suite's P
        raise Damage("%s: PIN-hash length %d but the suite's P needs %d" % (where, pl, want))
    if 3 + kl + pl != len(pt):
        raise Damage("%s: plaintext length %d, fields need %d" % (where, len(pt), 3 + kl + pl))
    return key, pt[3 + kl:]


def cell_valid(cell_key, nonce, cell):
    ctr = cell[0:8]
    return (b2b128_keyed(cell_key, nonce + ctr) == cell[8:24]
            and cell[24:32] == b"\x00" * 8), u64(cell, 0)


# ---------------------------------------------------------------- formats 2 and 3

def read_v23(data, version, magic, pin_kind, pin):
    is_backup = magic == MAGIC_BACKUP
    n = len(data)
    if n < 15:
        raise Damage("truncated")
    F = u32(data, 10)
    # F is needed to find the header checksum: the file must hold 0..F+32
    if n < F + 32:
        raise Damage("truncated (fixed header length %d)" % F)
    if F < 95:
        raise Damage("fixed header length %d too small" % F)
    # step 2: header checksum
    if b2b256(data[0:F]) != data[F:F + 32]:
        raise Damage("header checksum mismatch")
    # step 3: structure
    if version == 3:
        k = data[14]
        slot_start = 15
        fixed_part = 95
        kinds_recovery = (2, 3)
    else:
        level_byte = data[14]
        if level_byte > 3:
            raise Damage("format 2 KDF level byte %d not 0-3" % level_byte)
        k = data[15]
        slot_start = 16
        fixed_part = 96
        kinds_recovery = (2,)
    want_k = 1 if is_backup else 2
    if k != want_k:
        raise Damage("slot count %d, expected %d" % (k, want_k))
    slots = []
    off = slot_start
    slot_end = F - 80
    for i in range(k):
        allowed = (1,) if (i == 0 and not is_backup) else kinds_recovery
        s = parse_slot(data, off, slot_end, allowed)
        slots.append(s)
        off += s.size
    if F != fixed_part + sum(s.size for s in slots):
        raise Damage("fixed header length %d is not %d + the slots' sizes (%d)"
                     % (F, fixed_part, sum(s.size for s in slots)))
    check_slot_order(slots, is_backup, kinds_recovery)
    fails_pin = u16(data, F - 80)
    fails_rec = u16(data, F - 78)
    U = u32(data, F - 76)
    D = u32(data, F - 72)
    R = u32(data, F - 68)
    dir_sum = data[F - 64:F - 32]
    rec_sum = data[F - 32:F]
    if U > MAX_USERS:
        raise Damage("user count %d above %d" % (U, MAX_USERS))
    dir_off = F + 32
    rec_off = dir_off + D
    C = ceil32(rec_off + R)
    size = C + 64 * U
    if n < size:
        raise Damage("truncated (expected %d bytes, file has %d)" % (size, n))
    if n > size:
        raise Damage("trailing bytes (expected %d bytes, file has %d)" % (size, n))
    # step 4: directory and records checksums, zero padding
    directory = data[dir_off:rec_off]
    records = data[rec_off:rec_off + R]
    if b2b256(directory) != dir_sum:
        raise Damage("directory checksum mismatch")
    if b2b256(records) != rec_sum:
        raise Damage("records checksum mismatch")
    if any(data[rec_off + R:C]):
        raise Damage("padding before the counter cells is not zero")
    # directory structure
    p = 0

    def need(m, what):
        if p + m > D:
            raise Damage("directory too short (%s)" % what)

    need(1, "suite count")
    S = directory[0]
    p = 1
    suites = []
    for j in range(S):
        need(1, "suite %d length" % j)
        sl = directory[p]
        p += 1
        need(sl, "suite %d text" % j)
        raw = directory[p:p + sl]
        p += sl
        suites.append((raw, check_suite_text(raw, "suite %d" % j)))
    lmax = 235  # Docs/VAULT.md: 59-235 in format 3; format 2 reads the same
    users = []
    for i in range(U):
        where = "entry %d" % i
        need(1, where + " name length")
        nl = directory[p]
        p += 1
        if not 1 <= nl <= 64:
            raise Damage("%s: name length %d outside 1-64" % (where, nl))
        need(nl + 11, where)
        name_raw = directory[p:p + nl]
        p += nl
        name = check_name(name_raw, where)
        si = directory[p]
        p += 1
        if si >= S:
            raise Damage("%s: suite index %d, table has %d" % (where, si, S))
        date = u64(directory, p)
        p += 8
        check_date(date, where)
        L = u16(directory, p)
        p += 2
        if not 59 <= L <= lmax:
            raise Damage("%s: record length %d outside 59-%d" % (where, L, lmax))
        users.append(dict(name=name, name_raw=name_raw, suite_raw=suites[si][0],
                          suite=suites[si][1], date=date, L=L))
    if p != D:
        raise Damage("directory length %d, entries end at %d" % (D, p))
    if sum(u["L"] for u in users) != R:
        raise Damage("record lengths add up to %d, records area is %d"
                     % (sum(u["L"] for u in users), R))
    info = dict(format=version, backup=is_backup, fails_pin=fails_pin,
                fails_recovery=fails_rec,
                level=LEVELS[(slots[0].ops, slots[0].mem)], slots=[s.kind for s in slots])
    if pin_kind is None:
        return info, users
    # step 5: the slot
    slot = pick_slot(slots, pin_kind)
    dk = open_slot(magic, slot, pin)
    # step 6: records and cells
    cell_key = kdf_derive(32, 1, b"ibkcells", dk)
    ro = rec_off
    for i, u in enumerate(users):
        rec = data[ro:ro + u["L"]]
        ro += u["L"]
        nonce, ct = rec[:24], rec[24:]
        try:
            pt = nb.crypto_aead_xchacha20poly1305_ietf_decrypt(
                ct, record_aad(u["name_raw"], u["suite_raw"], u["date"]), nonce, dk)
        except nacl.exceptions.CryptoError:
            raise Damage("record of user %d (%s) does not open" % (i, u["name"]))
        u["key"], u["pinhash"] = parse_plaintext(pt, version, u["suite"],
                                                 "record of user %d" % i)
        c0 = data[C + 64 * i:C + 64 * i + 32]
        c1 = data[C + 64 * i + 32:C + 64 * i + 64]
        v0, n0 = cell_valid(cell_key, nonce, c0)
        v1, n1 = cell_valid(cell_key, nonce, c1)
        valid = [x for ok, x in ((v0, n0), (v1, n1)) if ok]
        if not valid:
            raise Damage("user %d (%s): neither counter cell is valid" % (i, u["name"]))
        if is_backup and not (v0 and v1 and n0 == n1):
            raise Damage("backup user %d (%s): counter cells not both valid and equal"
                         % (i, u["name"]))
        ctr = max(valid)
        u["cells"] = (v0 and n0, v1 and n1)
        if version == 2 and len(valid) == 1:
            ctr += FORMAT2_SKIP
            u["skipped"] = True
        u["counter"] = ctr
    return info, users


def pick_slot(slots, pin_kind):
    if pin_kind == "pin":
        for s in slots:
            if s.kind == 1:
                return s
        raise Usage("this file has no PIN slot (a backup opens with the recovery PIN)")
    for s in slots:
        if s.kind in (2, 3):
            return s
    raise Usage("no recovery slot")  # unreachable: structure checked


# ---------------------------------------------------------------- format 1

def read_v1(data, magic, pin_kind, pin):
    is_backup = magic == MAGIC_BACKUP
    n = len(data)
    if n < 16:
        raise Damage("truncated")
    H = u32(data, 10)
    if n < H + 32:
        raise Damage("truncated (header length %d)" % H)
    N = u32(data, H + 28)
    size = H + 32 + N + 32
    if n < size:
        raise Damage("truncated (expected %d bytes, file has %d)" % (size, n))
    if n > size:
        raise Damage("trailing bytes (expected %d bytes, file has %d)" % (size, n))
    if b2b256(data[:H + 32 + N]) != data[H + 32 + N:]:
        raise Damage("file checksum mismatch")
    level_byte = data[14]
    if level_byte > 3:
        raise Damage("format 1 KDF level byte %d not 0-3" % level_byte)
    k = data[15]
    want_k = 1 if is_backup else 2
    if k != want_k:
        raise Damage("slot count %d, expected %d" % (k, want_k))
    slots = []
    off = 16
    for i in range(k):
        allowed = (1,) if (i == 0 and not is_backup) else (2,)
        s = parse_slot(data, off, H, allowed)
        slots.append(s)
        off += 98
    check_slot_order(slots, is_backup, (2,))
    if off + 4 > H:
        raise Damage("header too short for the user count")
    U = u32(data, off)
    off += 4
    if U > MAX_USERS:
        raise Damage("user count %d above %d" % (U, MAX_USERS))
    users = []
    for i in range(U):
        where = "entry %d" % i
        if off + 1 > H:
            raise Damage(where + ": header too short")
        nl = data[off]
        off += 1
        if not 1 <= nl <= 64 or off + nl + 1 > H:
            raise Damage(where + ": bad name length %d" % nl)
        name_raw = data[off:off + nl]
        off += nl
        name = check_name(name_raw, where)
        sl = data[off]
        off += 1
        if off + sl + 8 > H:
            raise Damage(where + ": header too short")
        suite_raw = data[off:off + sl]
        off += sl
        suite = check_suite_text(suite_raw, where)
        date = u64(data, off)
        off += 8
        check_date(date, where)
        users.append(dict(name=name, suite=suite, date=date, L=None))
    if off != H:
        raise Damage("header length %d, entries end at %d" % (H, off))
    info = dict(format=1, backup=is_backup, fails_pin=u16(data, H),
                fails_recovery=u16(data, H + 2),
                level=LEVELS[(slots[0].ops, slots[0].mem)], slots=[s.kind for s in slots])
    if pin_kind is None:
        return info, users
    slot = pick_slot(slots, pin_kind)
    dk = open_slot(magic, slot, pin)
    nonce = data[H + 4:H + 28]
    try:
        body = nb.crypto_aead_xchacha20poly1305_ietf_decrypt(
            data[H + 32:H + 32 + N], data[:H], nonce, dk)
    except nacl.exceptions.CryptoError:
        raise Damage("body does not open")
    if len(body) < 5 or body[0] != 1:
        raise Damage("body version is not 1")
    if u32(body, 1) != U:
        raise Damage("body user count %d, header has %d" % (u32(body, 1), U))
    p = 5
    for i, u in enumerate(users):
        where = "body user %d" % i
        if p + 10 > len(body):
            raise Damage(where + ": body too short")
        u["counter"] = u64(body, p)
        p += 8
        kl = body[p]
        p += 1
        if kl not in (20, 32, 64) or p + kl + 1 > len(body):  # GUESS: format-2 key lengths
            raise Damage(where + ": bad key length %d" % kl)
        u["key"] = body[p:p + kl]
        p += kl
        pl = body[p]
        p += 1
        if pl not in (0, 20, 32, 64) or p + pl > len(body):
            raise Damage(where + ": bad PIN-hash length %d" % pl)
        want = suite_p_length(u["suite"])
        if want is not None and pl != want:
            raise Damage(where + ": PIN-hash length %d but the suite's P needs %d" % (pl, want))
        u["pinhash"] = body[p:p + pl]
        p += pl
    if p != len(body):
        raise Damage("body has %d trailing bytes" % (len(body) - p))
    return info, users


# ---------------------------------------------------------------- main

def read_file(data, pin_kind=None, pin=None):
    if len(data) < 10:
        raise Damage("truncated")
    magic = data[:8]
    if magic not in (MAGIC_VAULT, MAGIC_BACKUP):
        raise Damage("bad magic")
    version = u16(data, 8)
    if version not in (1, 2, 3):
        raise Unsupported("unsupported version %d" % version)
    if version == 1:
        return read_v1(data, magic, pin_kind, pin)
    return read_v23(data, version, magic, pin_kind, pin)


def main(argv):
    try:
        if len(argv) not in (2, 4) or (len(argv) == 4 and argv[2] not in ("pin", "recovery")):
            raise Usage("usage: vault_reader.py FILE [pin|recovery PIN]")
        pin_kind = argv[2] if len(argv) == 4 else None
        # GUESS: the PIN is used as its UTF-8 bytes, no normalization, no trimming
        pin = argv[3].encode("utf-8") if pin_kind else None
        try:
            with open(argv[1], "rb") as f:
                data = f.read()
        except OSError as e:
            raise Usage("cannot read %s: %s" % (argv[1], e))
        info, users = read_file(data, pin_kind, pin)
    except Usage as e:
        print(str(e), file=sys.stderr)
        return 2
    except WrongPin:
        print("wrong PIN", file=sys.stderr)
        return 3
    except (Damage, Unsupported) as e:
        print("damaged: %s" % e if isinstance(e, Damage) else str(e), file=sys.stderr)
        return 1
    for u in users:
        fields = [u["name"], u["suite"], str(u["date"]),
                  str(u["L"]) if u["L"] is not None else "-"]
        if pin_kind:
            fields += [str(u["counter"]), u["key"].hex(), u["pinhash"].hex() or "-"]
        print(" ".join(fields))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
