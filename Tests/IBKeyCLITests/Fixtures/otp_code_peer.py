#!/usr/bin/env python3
"""Independent TOTP (RFC 6238) and HOTP (RFC 4226) codes for the CLI tests,
on PyPI `pyotp` (2.x).

Reads JSON lines on stdin, prints one line per input line: the code, or
"ERROR: <why>". Fields of an input line:

  hash     "SHA1", "SHA256" or "SHA512"                 (required)
  keyHex   the key in hex                               (required)
  digits   6, 7 or 8                                    (required)
  period   the TOTP period in seconds; absent for HOTP
  time     Unix seconds (TOTP)
  counter  the counter (HOTP)

The TOTP time step is pyotp's own (TOTP.at), so the step computation is
checked too; run with TZ=UTC (pyotp goes through datetime).

Two of pyotp 2.12's policy checks are stepped around, neither touching how a
code is computed: its minimum of 112-bit secrets (ibkey takes 80 bits, the
10-byte secrets many services issue: the subclasses lower it), and its
maximum TOTP period of 120 s (ibkey takes up to 300: the period is set after
construction; `at` divides by it as for any other).
"""
import base64
import hashlib
import json
import sys

import pyotp

class TOTP(pyotp.TOTP):
    min_secret_length_bits = 80


class HOTP(pyotp.HOTP):
    min_secret_length_bits = 80


DIGESTS = {"SHA1": hashlib.sha1, "SHA256": hashlib.sha256, "SHA512": hashlib.sha512}

for line in sys.stdin:
    if not line.strip():
        continue
    try:
        item = json.loads(line)
        secret = base64.b32encode(bytes.fromhex(item["keyHex"])).decode()
        digest = DIGESTS[item["hash"]]
        if item.get("period") is not None:
            otp = TOTP(secret, digits=item["digits"], digest=digest, interval=min(item["period"], 120))
            otp.interval = item["period"]
            print(otp.at(item["time"]))
        else:
            print(HOTP(secret, digits=item["digits"], digest=digest).at(item["counter"]))
    except Exception as e:  # one line per input line, whatever happens
        print("ERROR: %s" % e)
    sys.stdout.flush()
