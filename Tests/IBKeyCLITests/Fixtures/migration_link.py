#!/usr/bin/env python3
"""Builds a Google Authenticator export link, otpauth-migration://offline?data=...,
for the tests. Standard library only: the protobuf is written by hand from the
published schema (no protobuf package), so the test does not share code or a
generated parser with the reader it checks.

    message MigrationPayload {
      repeated OtpParameters otp_parameters = 1;
      int32 version = 2; int32 batch_size = 3; int32 batch_index = 4; int32 batch_id = 5;
    }
    message OtpParameters {
      bytes secret = 1; string name = 2; string issuer = 3;
      Algorithm algorithm = 4;   // 0 unspecified, 1 SHA1, 2 SHA256, 3 SHA512, 4 MD5
      DigitCount digits = 5;     // 0 unspecified, 1 SIX, 2 EIGHT
      OtpType type = 6;          // 0 unspecified, 1 HOTP, 2 TOTP
      int64 counter = 7;
    }

Input: JSON, as the only argument or on stdin: a list of accounts, or an object
{"accounts": [...], "version": 1, "batch_size": 1, "batch_index": 0, "batch_id": 0}
(each of the four written only when given). An account:

  secret      the key in base32 (case and "=" padding as you like)  \\ one of
  secret_hex  the key in hex                                          /
  name        "Issuer:account" or "account"
  issuer      the issuer
  algorithm   "SHA1", "SHA256", "SHA512", "MD5", or the enum number
  digits      6 or 8 (written as the enum, 1 or 2); any other int, or
              {"enum": n}, is written as the enum number itself
  type        "totp", "hotp", or the enum number
  counter     an int (negative ones are written as int64 is: 10 bytes)

A field is written only when the account gives it (a real exporter writes every
non-zero field; tests leave fields out, or give 0, to check the defaults).

Options: --url-safe (base64 with - and _), --no-padding (no trailing =),
--plain (the base64 not percent-encoded), --payload-hex (print the protobuf
payload in hex instead of a link).
"""
import base64
import json
import sys
import urllib.parse

ALGORITHMS = {"SHA1": 1, "SHA256": 2, "SHA512": 3, "MD5": 4}
TYPES = {"hotp": 1, "totp": 2}
DIGITS = {6: 1, 8: 2}


def varint(value):
    value &= (1 << 64) - 1  # int32/int64 negatives: two's complement, 10 bytes
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        if value:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)


def field_varint(number, value):
    return varint(number << 3 | 0) + varint(value)


def field_bytes(number, data):
    return varint(number << 3 | 2) + varint(len(data)) + data


def secret_bytes(account):
    if "secret_hex" in account:
        return bytes.fromhex(account["secret_hex"])
    text = account["secret"].replace(" ", "").replace("=", "").upper()
    return base64.b32decode(text + "=" * (-len(text) % 8))


def enum(value, table, what):
    if isinstance(value, int):
        return value
    key = value.upper() if isinstance(value, str) and what == "algorithm" else value
    if key not in table:
        raise SystemExit(f"migration_link.py: unknown {what} {value!r}")
    return table[key]


def otp_parameters(account):
    out = bytearray()
    if "secret" in account or "secret_hex" in account:
        out += field_bytes(1, secret_bytes(account))
    if "name" in account:
        out += field_bytes(2, account["name"].encode("utf-8"))
    if "issuer" in account:
        out += field_bytes(3, account["issuer"].encode("utf-8"))
    if "algorithm" in account:
        out += field_varint(4, enum(account["algorithm"], ALGORITHMS, "algorithm"))
    if "digits" in account:
        digits = account["digits"]
        out += field_varint(5, digits["enum"] if isinstance(digits, dict) else DIGITS.get(digits, digits))
    if "type" in account:
        out += field_varint(6, enum(account["type"], TYPES, "type"))
    if "counter" in account:
        out += field_varint(7, account["counter"])
    return bytes(out)


def payload(spec):
    if isinstance(spec, list):
        spec = {"accounts": spec}
    out = bytearray()
    for account in spec.get("accounts", []):
        out += field_bytes(1, otp_parameters(account))
    for number, key in ((2, "version"), (3, "batch_size"), (4, "batch_index"), (5, "batch_id")):
        if key in spec:
            out += field_varint(number, spec[key])
    return bytes(out)


def main(argv):
    flags = {a for a in argv if a.startswith("--")}
    unknown = flags - {"--url-safe", "--no-padding", "--plain", "--payload-hex"}
    if unknown:
        raise SystemExit(f"migration_link.py: unknown option {sorted(unknown)[0]}")
    args = [a for a in argv if not a.startswith("--")]
    spec = json.loads(args[0] if args else sys.stdin.read())
    data = payload(spec)
    if "--payload-hex" in flags:
        print(data.hex())
        return
    text = (base64.urlsafe_b64encode if "--url-safe" in flags else base64.b64encode)(data).decode("ascii")
    if "--no-padding" in flags:
        text = text.rstrip("=")
    if "--plain" not in flags:
        text = urllib.parse.quote(text, safe="")
    print("otpauth-migration://offline?data=" + text)


if __name__ == "__main__":
    main(sys.argv[1:])
