#!/usr/bin/env python3
"""Independent OCRA (RFC 6287) responses for the CLI tests, on PyPI `oath`
(1.4.5), adapted from the research checker (oath_ocra_check.py).

Reads JSON lines on stdin, prints one line per input line: the response, or
"ERROR: <why>". Fields of an input line:

  suite         the OCRA suite text                                    (required)
  key_hex       the HMAC key in hex                                    (required)
  counter       C (int)                                    for suites with C
  question      the challenge exactly as ibkey was given it (QN decimal
                digits, QA printable ASCII, QH hex digits of any length)
  pin           the PIN text; P = its hash under the suite's P hash    \\ P
  pin_hash_hex  P itself, in hex                                       /
  session       S as text (UTF-8)                                      \\ S
  session_hex   S in hex                                               /
  time          Unix seconds (divided by the suite's step here)        \\ T
  timesteps     the number of time steps itself                        /

Workarounds for oath 1.4.5 (see the research notes, section 3):
- QA: oath wants Q.isalnum(); RFC 6287 allows any text. A str subclass
  whose isalnum() is True hands oath the exact bytes (oath only encodes them).
- QH with an odd number of digits: oath's bytes.fromhex fails; RFC 6287's
  reference pads the last nibble on the right, so a '0' is appended (passed as
  Qsc, oath's mutual-mode input, when that makes it longer than xx).
- P_digest is broken (reads digest_size on the hashlib constructor): wrapped.
- S must be exactly nnn bytes: shorter values are left-padded with zero bytes,
  as RFC 6287's reference does.
- T= crashes: T_precomputed = seconds // step.
- Digits 0 (no truncation): oath prints the 31-bit dynamic-truncation value;
  ibkey prints the whole HMAC in lower-case hex. For 0 digits the HMAC is
  computed here with Python's hmac over oath's own data input bytes.
"""
import hashlib
import hmac
import json
import sys

from oath._ocra import str2ocrasuite


class AnyText(str):
    """A challenge oath takes as alphanumeric whatever it holds."""

    def isalnum(self):
        return True


def compute(d):
    suite = str2ocrasuite(d['suite'])
    di = suite.data_input
    key = bytes.fromhex(d['key_hex'])
    kw = {}
    if di.C:
        kw['C'] = int(d['counter'])
    if di.Q:
        q = d['question']
        fmt, xx = di.Q
        if fmt == 'A':
            q = AnyText(q)
        if fmt == 'H' and len(q) % 2 == 1:
            q = q + '0'
        if len(q) > xx:
            kw['Qsc'] = q
        else:
            kw['Q'] = q
    if di.P:
        if 'pin_hash_hex' in d:
            orig = di.P

            class _Hash(object):
                digest_size = orig().digest_size

                def __call__(self, *a):
                    return orig(*a)

            di.P = _Hash()
            kw['P_digest'] = bytes.fromhex(d['pin_hash_hex'])
        else:
            kw['P'] = d['pin']
    if di.S:
        s = bytes.fromhex(d['session_hex']) if 'session_hex' in d else d['session'].encode('utf-8')
        if len(s) > di.S:
            raise ValueError('session longer than %d bytes' % di.S)
        kw['S'] = b'\0' * (di.S - len(s)) + s
    if di.T:
        if 'timesteps' in d:
            t = d['timesteps']
            kw['T_precomputed'] = int(t, 0) if isinstance(t, str) else int(t)
        else:
            kw['T_precomputed'] = int(d['time']) // di.T
    if suite.crypto_function.truncation_length == 0:
        message = suite.ocrasuite_description.encode('ascii') + b'\0' + di(**kw)
        return hmac.new(key, message, suite.crypto_function.hash_algo).hexdigest()
    return suite(key, **kw)


def main():
    for line in sys.stdin:
        line = line.strip()
        if not line or line.startswith('#'):
            continue
        try:
            r = compute(json.loads(line))
        except Exception as e:  # noqa: BLE001 - reported to the test
            r = 'ERROR: %s: %s' % (type(e).__name__, e)
        print(r, flush=True)


if __name__ == '__main__':
    main()
