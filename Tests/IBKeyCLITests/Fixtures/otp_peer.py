#!/usr/bin/env python3
"""PyPI pyotp (2.x) as the CLI tests' independent TOTP (RFC 6238) and HOTP
(RFC 4226) peer. Reads JSON lines on stdin and answers each with one line;
a line is one of two kinds, told apart by its "uri" field.

A URI line, {"uri": "...", "times": [unix...], "counters": [n...]}: how pyotp
reads a URI that `ibkey issuer add-user --totp|--hotp` or `ibkey export
--format otpauth` wrote, answered with one JSON line:
  {"type": "totp"|"hotp", "secret_hex", "digest": "sha1"|"sha256"|"sha512",
   "digits", "interval" (TOTP), "initial_count" (HOTP), "issuer", "name",
   "at_times": [code...], "at_counters": [code...]} (codes at those counters
  themselves, not after the URI's counter)
  or {"error": "<type>: <message>"} when pyotp refuses the URI.

A code line, {"hash": "SHA1"|"SHA256"|"SHA512", "keyHex", "digits",
"period" (TOTP; absent for HOTP), "time" (TOTP), "counter" (HOTP)}: the code,
answered with the code alone, or "ERROR: <why>". The TOTP time step is
pyotp's own (TOTP.at), so the step computation is checked too; run with
TZ=UTC (pyotp goes through datetime). Two of pyotp 2.12's policy checks are
stepped around, neither touching how a code is computed: its minimum of
112-bit secrets (ibkey takes 80 bits, the 10-byte secrets many services
issue: the subclasses lower it), and its maximum TOTP period of 120 s (ibkey
takes up to 300: the period is set after construction; `at` divides by it
as for any other).
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


def read_uri(spec):
    try:
        otp = pyotp.parse_uri(spec["uri"])
        secret = otp.secret + "=" * (-len(otp.secret) % 8)
        out = {
            "type": "hotp" if isinstance(otp, pyotp.HOTP) else "totp",
            "secret_hex": base64.b32decode(secret).hex(),
            "digest": otp.digest().name,
            "digits": otp.digits,
            "issuer": otp.issuer,
            "name": otp.name,
        }
        if isinstance(otp, pyotp.HOTP):
            out["initial_count"] = otp.initial_count
            # pyotp's HOTP.at(n) is the code of counter initial_count + n.
            out["at_counters"] = [otp.at(c - otp.initial_count) for c in spec.get("counters", [])]
        else:
            out["interval"] = otp.interval
            out["at_times"] = [otp.at(t) for t in spec.get("times", [])]
    except Exception as e:  # noqa: BLE001 - reported to the test
        out = {"error": "%s: %s" % (type(e).__name__, e)}
    return json.dumps(out)


def code(item):
    try:
        secret = base64.b32encode(bytes.fromhex(item["keyHex"])).decode()
        digest = DIGESTS[item["hash"]]
        if item.get("period") is not None:
            otp = TOTP(secret, digits=item["digits"], digest=digest, interval=min(item["period"], 120))
            otp.interval = item["period"]
            return otp.at(item["time"])
        return HOTP(secret, digits=item["digits"], digest=digest).at(item["counter"])
    except Exception as e:  # one line per input line, whatever happens
        return "ERROR: %s" % e


def main():
    for line in sys.stdin:
        if not line.strip():
            continue
        item = json.loads(line)
        print(read_uri(item) if "uri" in item else code(item))
        sys.stdout.flush()


if __name__ == "__main__":
    main()
