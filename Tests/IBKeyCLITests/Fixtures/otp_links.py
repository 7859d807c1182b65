#!/usr/bin/env python3
"""otpauth:// URIs written by PyPI pyotp, for the import tests: an
independent writer of the Key Uri Format (pyotp percent-encodes the label and
the issuer its own way, and leaves out parameters at their defaults).

usage: otp_links.py < SPEC
  SPEC: a JSON list of accounts, one URI printed per account, in order:
  {"type": "totp" | "hotp", "secret_hex": "...", "name": "...",
   "issuer": null, "algorithm": "SHA1" | "SHA256" | "SHA512", "digits": 6,
   "period": 30 (totp), "counter": 0 (hotp), "extra": {"image": "https://..."}}

pyotp refuses secrets under 112 bits; the tests also give it the 80-bit
secrets services issue, so that floor is lowered to 80 here. Its TOTP class
refuses periods over 120 s; those URIs come from pyotp.utils.build_uri, the
builder provisioning_uri itself calls.
"""
import base64
import hashlib
import json
import sys

import pyotp

pyotp.OTP.min_secret_length_bits = 80

DIGESTS = {"SHA1": hashlib.sha1, "SHA256": hashlib.sha256, "SHA512": hashlib.sha512}


def uri(a):
    secret = base64.b32encode(bytes.fromhex(a["secret_hex"])).decode("ascii").rstrip("=")
    digest = DIGESTS[a.get("algorithm", "SHA1")]
    extra = a.get("extra") or {}
    if a["type"] == "hotp":
        otp = pyotp.HOTP(secret, digits=a.get("digits", 6), digest=digest, initial_count=a.get("counter", 0))
        return otp.provisioning_uri(name=a["name"], issuer_name=a.get("issuer"), **extra)
    period = a.get("period", 30)
    if period > 120:
        # pyotp's TOTP class stops at 120 s; its URI builder (which
        # provisioning_uri calls) writes any period.
        return pyotp.utils.build_uri(secret, a["name"], issuer=a.get("issuer"), algorithm=digest().name,
                                     digits=a.get("digits", 6), period=period, **extra)
    otp = pyotp.TOTP(secret, digits=a.get("digits", 6), digest=digest, interval=period)
    return otp.provisioning_uri(name=a["name"], issuer_name=a.get("issuer"), **extra)


def main():
    for account in json.load(sys.stdin):
        print(uri(account))


if __name__ == "__main__":
    main()
