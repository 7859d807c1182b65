#!/usr/bin/env python3
"""otpauth URIs through PyPI pyotp (2.x), for the CLI tests: an independent
reader of the URIs `ibkey issuer add-user --totp|--hotp` and
`ibkey export --format otpauth` write, and of the codes they stand for.

usage: otp_peer.py
    Reads JSON lines on stdin: {"uri": "...", "times": [unix...], "counters": [n...]}
    and prints one JSON line each:
      {"type": "totp"|"hotp", "secret_hex", "digest": "sha1"|"sha256"|"sha512",
       "digits", "interval" (TOTP), "initial_count" (HOTP), "issuer", "name",
       "at_times": [code...], "at_counters": [code...]} (codes at those counters
      themselves, not after the URI's counter)
    or {"error": "<type>: <message>"} when pyotp refuses the URI.
"""
import base64
import json
import sys

import pyotp


def main():
    for line in sys.stdin:
        if not line.strip():
            continue
        spec = json.loads(line)
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
        print(json.dumps(out))


if __name__ == "__main__":
    main()
