#!/usr/bin/env python3
"""Independent reader of ibkey vault/backup files, written from VAULT.md only
(formats 1 to 4; the OCRA suite grammar from Docs/PROTOCOL.md section 1, which
VAULT.md calls "the OCRA parser").

usage: vault_reader.py FILE [PIN-KIND PIN] [--json]
       vault_reader.py FILE attempts
       PIN-KIND is `pin` (the kind-1 slot) or `recovery` (the kind-2/3/4 slot).
       --json: one JSON object per user instead (names and issuers may hold
       spaces): {"name", "suite", "enrolled_at", "record_length", "issuer"
       (null when none)} and, with a PIN, "counter", "key_hex", "pinhash_hex".

Without a PIN: every check that needs no key (magic, version, fixed header,
header checksum, slots and the kinds each format allows, KDF levels, sizes,
format 4's attempt cells and their check, directory and records checksums,
directory structure including the issuer, suite texts (OCRA, TOTP, HOTP),
unique names, record lengths, zero padding, exact file size), then one line
per user:        name suite enrolled_at record_length
With a PIN: also opens the slot (kind 4: public key, tag, sealed data key and
auth box), every record (its entry, issuer included, as AAD) and every counter
cell, then:      name suite enrolled_at record_length counter key_hex pinhash_hex
(pinhash_hex is `-` when the suite has no P; record_length is `-` in format 1).
`attempts`: the key-less checks, then one line:  pin_failed recovery_failed
(from the attempt cells in format 4, the fixed header in formats 2 and 3, the
two fields after the header in format 1).

Exit 0 ok, 1 damage / unsupported (one message on stderr), 2 usage,
3 wrong PIN. Where VAULT.md is ambiguous or silent the reader guesses; each
guess is marked GUESS in the code (each is a documentation bug to fix).
"""
import hashlib
import json
import re
import struct
import sys
import unicodedata

import nacl.bindings as nb
import nacl.exceptions

MAGIC_VAULT = b"IBKEYVLT"
MAGIC_BACKUP = b"IBKEYBAK"

# (opslimit, memlimit KiB) -> level name; "exactly one level's"
LEVELS = {
    (1, 8): "test",
    (2, 64 * 1024): "interactive",
    (3, 256 * 1024): "moderate",
    (4, 1024 * 1024): "sensitive",
}
ALG_ARGON2ID13 = 2
MAX_USERS = 100_000
MAX_DATE = 253_402_300_799
MAX_COUNTER = 2 ** 64 - 1  # "A counter of 2^64 - 1 is damage too"
FORMAT2_SKIP = 20  # "read as the valid cell's value + 20"
MAX_ATTEMPTS = 10  # attempt cells: "0-10"
SLOT_SIZES = {1: 98, 2: 98, 3: 226, 4: 346}


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


def b2b128(data):
    return hashlib.blake2b(data, digest_size=16).digest()


def b2b128_keyed(key, data):
    return hashlib.blake2b(data, digest_size=16, key=key).digest()


def b2b256_keyed(key, data):
    return hashlib.blake2b(data, digest_size=32, key=key).digest()


def kdf_derive(subkey_len, subkey_id, ctx, key):
    """libsodium crypto_kdf_derive_from_key, as VAULT.md spells it out: BLAKE2b
    keyed with the key, salt = id as 8 LE bytes + 8 zero, personal = ctx + 8 zero."""
    assert len(ctx) == 8 and len(key) == 32
    salt = struct.pack("<Q", subkey_id) + b"\x00" * 8
    person = ctx + b"\x00" * 8
    return hashlib.blake2b(b"", digest_size=subkey_len, key=key,
                           salt=salt, person=person).digest()


def ceil32(n):
    return (n + 31) // 32 * 32


# ---------------------------------------------------------------- slots

class Slot:
    def __init__(self, off, kind, alg, ops, mem, salt, nonce, wrapped):
        self.off, self.kind, self.alg, self.ops, self.mem = off, kind, alg, ops, mem
        self.salt, self.nonce, self.wrapped = salt, nonce, wrapped
        self.pk = self.sealed = self.tag = self.auth_nonce = self.auth_box = None

    @property
    def size(self):
        return SLOT_SIZES[self.kind]


def parse_slot(data, off, end, allowed_kinds):
    """Parse one key slot at off; must fit before end."""
    if off + 1 > end:
        raise Damage("key slot at %d runs past the slot area" % off)
    kind = data[off]
    if kind not in allowed_kinds:
        raise Damage("key slot at %d: kind %d not allowed here" % (off, kind))
    if off + SLOT_SIZES[kind] > end:
        raise Damage("key slot at %d (kind %d) runs past the slot area" % (off, kind))
    alg = data[off + 1]
    ops = u32(data, off + 2)
    mem = u32(data, off + 6)
    salt = data[off + 10:off + 26]
    nonce = data[off + 26:off + 50]
    # "kind 4 instead": the 80-byte wrap takes the place of the 48-byte one
    wlen = 80 if kind == 4 else 48
    wrapped = data[off + 50:off + 50 + wlen]
    s = Slot(off, kind, alg, ops, mem, salt, nonce, wrapped)
    p = off + 50 + wlen
    if kind in (3, 4):
        s.pk = data[p:p + 32]
        s.sealed = data[p + 32:p + 112]
        p += 112
    if kind == 3:
        s.tag = data[p:p + 16]
        p += 16
    if kind == 4:
        s.auth_nonce = data[p:p + 24]
        s.auth_box = data[p + 24:p + 72]
        s.tag = data[p + 72:p + 104]
        p += 104
    assert p == off + s.size
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


def recovery_kinds(version, is_backup):
    """The recovery-slot kinds a file of this format may hold. VAULT.md: "1 and
    2 up to format 2, 3 from format 3, 4 from format 4"."""
    # GUESS: "1 and 2 up to format 2" read as "kinds 1 and 2 exist from format
    # 1 on" (format 4 keeps a kind-2 slot: F = 287), not "only up to format 2".
    if version <= 2:
        return (2,)
    if version == 3:
        return (2, 3)
    if is_backup:
        # GUESS: "a kind-2 or -3 backup is never written in format 4" read as
        # a rule (a format-4 backup holding kind 2 or 3 is damage), not only as
        # what this build writes.
        return (4,)
    return (2, 3, 4)


def slot_aad(magic, s):
    v = {1: 1, 2: 1, 3: 3, 4: 4}[s.kind]
    return magic + struct.pack(">HBBII", v, s.kind, s.alg, s.ops, s.mem) + s.salt


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
    if s.kind == 3:
        sk = inner
        if nb.crypto_scalarmult_base(sk) != s.pk:
            raise Damage("recovery slot: public key of the secret key is not the stored one")
        dk = open_sealed(s, sk)
        # GUESS: "magic" in the tag's input is the file's own (IBKEYBAK in a
        # backup), as VAULT.md says for the slot AAD only.
        if b2b128_keyed(kdf_derive(32, 2, b"ibkslots", dk), magic + s.pk) != s.tag:
            raise Damage("recovery slot: public-key tag does not verify")
        return dk
    # kind 4: secret key || authentication key
    if len(inner) != 64:
        raise Damage("recovery slot: wrapped key has %d bytes, not 64" % len(inner))
    sk, ak = inner[:32], inner[32:]
    if nb.crypto_scalarmult_base(sk) != s.pk:
        raise Damage("recovery slot: public key of the secret key is not the stored one")
    # GUESS: "magic" in the tag and the auth box's AAD is the file's own magic
    # (IBKEYBAK in a backup); VAULT.md says so for the slot AAD only.
    if b2b256_keyed(ak, magic + s.pk + s.sealed) != s.tag:
        raise Damage("recovery slot: tag does not verify under the authentication key")
    dk = open_sealed(s, sk)
    box_key = kdf_derive(32, 3, b"ibkslots", dk)
    try:
        ak2 = nb.crypto_aead_xchacha20poly1305_ietf_decrypt(s.auth_box, magic + s.pk,
                                                           s.auth_nonce, box_key)
    except nacl.exceptions.CryptoError:
        raise Damage("recovery slot: auth box does not open under the data key's box key")
    if ak2 != ak:
        raise Damage("recovery slot: auth box holds another authentication key")
    return dk


def open_sealed(s, sk):
    try:
        dk = nb.crypto_box_seal_open(s.sealed, s.pk, sk)
    except nacl.exceptions.CryptoError:
        raise Damage("recovery slot: sealed data key does not open")
    if len(dk) != 32:
        raise Damage("recovery slot: sealed data key has %d bytes" % len(dk))
    return dk


# ---------------------------------------------------------------- names, suites

BAD_CATEGORIES = {"Cc", "Cf", "Zl", "Zp"}


def check_name(raw, where, what="name"):
    if not 1 <= len(raw) <= 64:
        raise Damage("%s: %s length %d outside 1-64" % (where, what, len(raw)))
    try:
        name = raw.decode("utf-8", "strict")
    except UnicodeDecodeError:
        raise Damage("%s: %s is not UTF-8" % (where, what))
    for ch in name:
        if unicodedata.category(ch) in BAD_CATEGORIES:
            raise Damage("%s: %s has a character of category %s (U+%04X)"
                         % (where, what, unicodedata.category(ch), ord(ch)))
    if name.startswith(" ") or name.endswith(" "):
        raise Damage("%s: %s has a leading or trailing U+0020" % (where, what))
    return name


def check_unique(users):
    """Two users with one name (byte for byte or canonically equivalent)."""
    seen = {}
    for i, u in enumerate(users):
        k = unicodedata.normalize("NFD", u["name"])
        if k in seen:
            raise Damage("entries %d and %d have one name (%r)" % (seen[k], i, u["name"]))
        seen[k] = i


# Docs/PROTOCOL.md section 1 (VAULT.md: "an OCRA suite the OCRA parser
# accepts", with no pointer to the grammar).
OCRA_RE = re.compile(r"OCRA-1:HOTP-SHA(1|256|512)-(0|[4-9]|10):(C-)?Q([ANH])([0-9]{2})"
                     r"(?:-PSHA(1|256|512))?(?:-S([0-9]{3}))?(?:-T([0-9]{1,2})([SMH]))?")
TOTP_RE = re.compile(r"TOTP-(SHA1|SHA256|SHA512)-([678])-([1-9][0-9]{0,2})")
HOTP_RE = re.compile(r"HOTP-(SHA1|SHA256|SHA512)-([678])")
P_LENGTHS = {"1": 20, "256": 32, "512": 64}


def parse_suite(text):
    """Returns a dict(kind='ocra'|'totp'|'hotp', p=P hash length or 0) or None."""
    m = OCRA_RE.fullmatch(text)
    if m:
        q = int(m.group(5))
        if not 4 <= q <= 64:
            return None
        if m.group(7) is not None and not 1 <= int(m.group(7)) <= 512:
            return None
        if m.group(8) is not None:
            t = m.group(8)
            # GUESS: PROTOCOL.md says "without leading zeros" of the digits
            # only; T01M is taken as malformed too.
            if t.startswith("0") or not 1 <= int(t) <= (48 if m.group(9) == "H" else 59):
                return None
        return dict(kind="ocra", p=P_LENGTHS[m.group(6)] if m.group(6) else 0)
    m = TOTP_RE.fullmatch(text)
    if m and 1 <= int(m.group(3)) <= 300:
        return dict(kind="totp", p=0)
    if HOTP_RE.fullmatch(text):
        return dict(kind="hotp", p=0)
    return None


def check_suite_text(raw, where, version):
    if not 1 <= len(raw) <= 255:
        raise Damage("%s: suite length %d outside 1-255" % (where, len(raw)))
    for c in raw:
        if not 0x21 <= c <= 0x7E:
            raise Damage("%s: suite text has byte 0x%02x (not printable ASCII without blanks)"
                         % (where, c))
    text = raw.decode("ascii")
    suite = parse_suite(text)
    if suite is None:
        raise Damage("%s: %r is not an OCRA, TOTP or HOTP suite" % (where, text))
    if version < 4 and suite["kind"] != "ocra":
        raise Damage("%s: %r is not an OCRA suite (format %d holds OCRA suites only)"
                     % (where, text, version))
    return text, suite


def check_date(t, where):
    if not 0 <= t <= MAX_DATE:
        raise Damage("%s: enrolled-at %d outside 0-%d" % (where, t, MAX_DATE))


# ---------------------------------------------------------------- records, cells

def record_aad(u):
    aad = (b"IBKEYREC" + b"\x00\x02" + bytes([len(u["name_raw"])]) + u["name_raw"]
           + bytes([len(u["suite_raw"])]) + u["suite_raw"] + struct.pack(">Q", u["date"]))
    if u.get("issuer_raw"):
        # GUESS: "issuer length" is one byte, as in the entry (VAULT.md gives
        # no size for the AAD's length fields).
        aad += bytes([len(u["issuer_raw"])]) + u["issuer_raw"]
    return aad


def key_lengths(version, suite):
    if version == 2:
        # GUESS: "Records hold keys of 20, 32 or 64 bytes" is a rule for
        # format 2 (a 16-byte key is malformed), though "ibkey reads 59-235".
        return (20, 32, 64)
    if suite["kind"] == "ocra":
        return range(16, 129)
    return range(10, 129)


def parse_plaintext(pt, version, suite, where):
    """Record plaintext (formats 2 to 4). Returns (key, pinhash)."""
    if len(pt) < 3:
        raise Damage("%s: plaintext too short" % where)
    if pt[0] != 1:
        raise Damage("%s: record version %d is not 1" % (where, pt[0]))
    kl = pt[1]
    if kl not in key_lengths(version, suite):
        raise Damage("%s: key length %d outside the suite's" % (where, kl))
    if 2 + kl + 1 > len(pt):
        raise Damage("%s: plaintext too short for its key" % where)
    key = pt[2:2 + kl]
    pl = pt[2 + kl]
    if pl != suite["p"]:
        raise Damage("%s: P length %d but the suite needs %d" % (where, pl, suite["p"]))
    if 3 + kl + pl != len(pt):
        raise Damage("%s: plaintext length %d, fields need %d" % (where, len(pt), 3 + kl + pl))
    return key, pt[3 + kl:]


def cell_valid(cell_key, nonce, cell):
    ctr = cell[0:8]
    return (b2b128_keyed(cell_key, nonce + ctr) == cell[8:24]
            and cell[24:32] == b"\x00" * 8), u64(cell, 0)


def attempt_cells(hsum, cells, is_backup):
    """Format 4's two attempt cells: (pin_failed, recovery_failed)."""
    valid = []
    for c in (cells[:32], cells[32:]):
        pin_f, rec_f = u16(c, 0), u16(c, 2)
        if (c[4:16] == b"\x00" * 12 and pin_f <= MAX_ATTEMPTS and rec_f <= MAX_ATTEMPTS
                and b2b128(b"IBKEYATT" + hsum + c[:16]) == c[16:32]):
            valid.append((pin_f, rec_f))
    if not valid:
        raise Damage("neither attempt cell is valid")
    counts = (max(v[0] for v in valid), max(v[1] for v in valid))
    # GUESS: "(always 0 in a backup)" read as a rule: a backup whose counts are
    # not zero is damage (VAULT.md does not say what a reader does with one,
    # nor whether a backup's two attempt cells must both be valid and equal,
    # as its counter cells must).
    if is_backup and counts != (0, 0):
        raise Damage("backup with failed-attempt counts %d %d" % counts)
    return counts


# ---------------------------------------------------------------- formats 2, 3 and 4

def read_v234(data, version, magic, pin_kind, pin):
    is_backup = magic == MAGIC_BACKUP
    n = len(data)
    if n < 15:
        raise Damage("truncated")
    F = u32(data, 10)
    # fixed part of F: the header fields outside the slots
    fixed_part = {2: 96, 3: 95, 4: 91}[version]
    cells_len = 64 if version == 4 else 0  # attempt cells after the header checksum
    if F < fixed_part + 98:
        raise Damage("fixed header length %d too small" % F)
    # F is needed to find the header checksum: the file must hold 0..F+32 (+cells)
    if n < F + 32 + cells_len:
        raise Damage("truncated (fixed header length %d)" % F)
    # step 2: header checksum (and format 4's attempt cells against it)
    hsum = data[F:F + 32]
    if b2b256(data[0:F]) != hsum:
        raise Damage("header checksum mismatch")
    if version == 4:
        attempts = attempt_cells(hsum, data[F + 32:F + 96], is_backup)
    else:
        # GUESS: formats 2 and 3 give no range for the header's counts (format
        # 4's cells say 0-10); they are not checked.
        attempts = (u16(data, F - 80), u16(data, F - 78))
    # step 3: structure
    if version == 2:
        level_byte = data[14]
        if level_byte > 3:
            raise Damage("format 2 KDF level byte %d not 0-3" % level_byte)
        k = data[15]
        slot_start = 16
    else:
        k = data[14]
        slot_start = 15
    kinds_recovery = recovery_kinds(version, is_backup)
    want_k = 1 if is_backup else 2
    if k != want_k:
        raise Damage("slot count %d, expected %d" % (k, want_k))
    slots = []
    off = slot_start
    slot_end = F - (76 if version == 4 else 80)
    for i in range(k):
        allowed = (1,) if (i == 0 and not is_backup) else kinds_recovery
        s = parse_slot(data, off, slot_end, allowed)
        slots.append(s)
        off += s.size
    if F != fixed_part + sum(s.size for s in slots):
        raise Damage("fixed header length %d is not %d + the slots' sizes (%d)"
                     % (F, fixed_part, sum(s.size for s in slots)))
    check_slot_order(slots, is_backup, kinds_recovery)
    U = u32(data, F - 76)
    D = u32(data, F - 72)
    R = u32(data, F - 68)
    dir_sum = data[F - 64:F - 32]
    rec_sum = data[F - 32:F]
    if U > MAX_USERS:
        raise Damage("user count %d above %d" % (U, MAX_USERS))
    dir_off = F + 32 + cells_len
    rec_off = dir_off + D
    # "so that the cells start at a multiple of 32": a file offset
    # GUESS: the padding is there with no users too (U = 0: no cells follow).
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
        text, suite = check_suite_text(raw, "suite %d" % j, version)
        suites.append((raw, text, suite))
    # L: "53-235" (format 4: a 10- to 128-byte key), "59-235" (formats 2, 3)
    lmin, lmax = (53, 235) if version == 4 else (59, 235)
    fixed_entry = 11 + (1 if version == 4 else 0)  # suite, date, L (, issuer length)
    users = []
    for i in range(U):
        where = "entry %d" % i
        need(1, where + " name length")
        nl = directory[p]
        p += 1
        if not 1 <= nl <= 64:
            raise Damage("%s: name length %d outside 1-64" % (where, nl))
        need(nl + fixed_entry, where)
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
        if not lmin <= L <= lmax:
            raise Damage("%s: record length %d outside %d-%d" % (where, L, lmin, lmax))
        issuer_raw = b""
        if version == 4:
            m = directory[p]
            p += 1
            if m > 64:
                raise Damage("%s: issuer length %d outside 0-64" % (where, m))
            need(m, where + " issuer")
            issuer_raw = directory[p:p + m]
            p += m
            if m:
                check_name(issuer_raw, where, "issuer")
            # GUESS: an issuer is allowed whatever the suite ("a TOTP or HOTP
            # account's service, `IBKR`" does not say whether an OCRA entry,
            # IB Key's own, may or must carry one, nor what `IBKR` is).
        users.append(dict(name=name, name_raw=name_raw, suite_raw=suites[si][0],
                          suite=suites[si][1], suite_info=suites[si][2], date=date, L=L,
                          issuer_raw=issuer_raw))
    if p != D:
        raise Damage("directory length %d, entries end at %d" % (D, p))
    if sum(u["L"] for u in users) != R:
        raise Damage("record lengths add up to %d, records area is %d"
                     % (sum(u["L"] for u in users), R))
    check_unique(users)
    info = dict(format=version, backup=is_backup, attempts=attempts,
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
            pt = nb.crypto_aead_xchacha20poly1305_ietf_decrypt(ct, record_aad(u), nonce, dk)
        except nacl.exceptions.CryptoError:
            raise Damage("record of user %d (%s) does not open" % (i, u["name"]))
        u["key"], u["pinhash"] = parse_plaintext(pt, version, u["suite_info"],
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
        if version == 2 and len(valid) == 1:
            # GUESS: VAULT.md does not say what a valid cell within 20 of
            # 2^64 - 1 reads as; the skip is taken and the rule below applies.
            ctr += FORMAT2_SKIP
        if ctr >= MAX_COUNTER:
            raise Damage("user %d (%s): counter %d" % (i, u["name"], ctr))
        u["counter"] = ctr
    return info, users


def pick_slot(slots, pin_kind):
    if pin_kind == "pin":
        for s in slots:
            if s.kind == 1:
                return s
        raise Usage("this file has no PIN slot (a backup opens with the recovery PIN)")
    for s in slots:
        if s.kind in (2, 3, 4):
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
    # GUESS: format 1's KDF level byte is checked to be 0-3 as format 2's is
    # (VAULT.md says so for format 2 only).
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
        suite, suite_info = check_suite_text(suite_raw, where, 1)
        date = u64(data, off)
        off += 8
        check_date(date, where)
        users.append(dict(name=name, suite=suite, suite_info=suite_info, date=date, L=None))
    if off != H:
        raise Damage("header length %d, entries end at %d" % (H, off))
    check_unique(users)
    info = dict(format=1, backup=is_backup, attempts=(u16(data, H), u16(data, H + 2)),
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
        if kl not in (20, 32, 64) or p + kl + 1 > len(body):  # "keys are 20, 32 or 64 bytes"
            raise Damage(where + ": bad key length %d" % kl)
        u["key"] = body[p:p + kl]
        p += kl
        pl = body[p]
        p += 1
        if pl != u["suite_info"]["p"] or p + pl > len(body):
            raise Damage(where + ": PIN-hash length %d but the suite's P needs %d"
                         % (pl, u["suite_info"]["p"]))
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
    if version not in (1, 2, 3, 4):
        raise Unsupported("unsupported version %d" % version)
    if version == 1:
        return read_v1(data, magic, pin_kind, pin)
    return read_v234(data, version, magic, pin_kind, pin)


def main(argv):
    as_json = "--json" in argv[2:]
    argv = argv[:2] + [a for a in argv[2:] if a != "--json"]
    try:
        if not (len(argv) == 2 or (len(argv) == 3 and argv[2] == "attempts")
                or (len(argv) == 4 and argv[2] in ("pin", "recovery"))):
            raise Usage("usage: vault_reader.py FILE [pin|recovery PIN | attempts]")
        pin_kind = argv[2] if len(argv) == 4 else None
        # "A PIN is its bytes exactly as given (UTF-8 as typed ...; no normalisation)"
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
    if len(argv) == 3:
        print("%d %d" % info["attempts"])
        return 0
    for u in users:
        if as_json:
            obj = dict(name=u["name"], suite=u["suite"], enrolled_at=u["date"], record_length=u["L"],
                       issuer=u["issuer_raw"].decode("utf-8") if u.get("issuer_raw") else None)
            if pin_kind:
                obj.update(counter=u["counter"], key_hex=u["key"].hex(), pinhash_hex=u["pinhash"].hex() or None)
            print(json.dumps(obj, ensure_ascii=False))
            continue
        fields = [u["name"], u["suite"], str(u["date"]),
                  str(u["L"]) if u["L"] is not None else "-"]
        if pin_kind:
            fields += [str(u["counter"]), u["key"].hex(), u["pinhash"].hex() or "-"]
        print(" ".join(fields))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
