#!/usr/bin/env python3
"""PSKC files through python-pskc (PyPI python-pskc 1.4), for the CLI tests:
an independent writer of the files `ibkey import` reads and an independent
reader of the files `ibkey export` writes.

usage:
  pskc_tool.py read FILE [--password PW | --psk HEX]
      One JSON line per key of the file (every ValueMAC checked first):
      {"id", "algorithm", "suite", "secret_hex", "counter", "serial", "userid",
       "pin_key_id", "pin_encoding", "pin_key_secret_hex", "has_mac", "mac_algorithm",
       "encryption_algorithm", "derivation", "iterations", "prf",
       "issuer", "time_offset", "time_interval", "response_length", "response_encoding"}
      Exit 1 with "ERROR: <type>: <message>" on stdout when python-pskc refuses it.

  pskc_tool.py write OUT
      Reads a JSON spec on stdin and writes OUT:
      {"protection": "none" | "pbkdf2" | "psk",
       "password": "...", "iterations": 1000, "prf": null | "hmac-sha256",
       "psk_hex": "...", "algorithm": "aes128-cbc", "mac": null | "hmac-sha256",
       "fields": ["secret"] | ["secret", "counter"],
       "namespace": "pskc" (python-pskc's own prefix) | "default" (no prefix) | "<other prefix>",
       "keys": [{"id", "suite", "suite_in_uri": false, "algorithm": null,
                 "secret_hex", "counter": null, "userid": null, "serial": null,
                 "pin": null (adds an RFC 6030 figure 5 PIN key the OCRA key's
                 PINPolicy names, the PIN as its secret),
                 HOTP and TOTP keys (algorithm "urn:ietf:params:xml:ns:keyprov:pskc:hotp"
                 or "...:totp"; "suite" is then python-pskc's algorithm_suite, the hash:
                 "HMAC-SHA256"): "response_length": null, "response_encoding": null,
                 "response_check": null, "time_interval": null, "time_offset": null,
                 "time_drift": null, "issuer": null}]}
      "fields" may name any of python-pskc's encrypted fields: "secret",
      "counter", "time_offset", "time_interval", "time_drift".
"""
import argparse
import io
import json
import re
import sys

from pskc import PSKC

OCRA_URI = 'urn:ietf:params:xml:ns:keyprov:pskc:ocra'
PIN_URI = 'urn:ietf:params:xml:ns:keyprov:pskc:pin'
URI_PREFIX = 'urn:ietf:params:xml:ns:keyprov:pskc#'


def read(args):
    p = PSKC(args.file)
    if args.password is not None:
        p.encryption.derive_key(args.password)
    elif args.psk:
        p.encryption.key = bytes.fromhex(args.psk)
    d = p.encryption.derivation
    for k in p.keys:
        k.check()
        pol = k.policy
        pin_key = pol.pin_key if pol.pin_key_id else None
        print(json.dumps({
            'id': k.id, 'algorithm': k.algorithm, 'suite': k.algorithm_suite,
            'secret_hex': k.secret.hex() if k.secret is not None else None,
            'counter': k.counter, 'serial': k.serial, 'userid': k.userid,
            'pin_key_id': pol.pin_key_id, 'pin_encoding': pol.pin_encoding,
            'pin_key_secret_hex': pin_key.secret.hex() if pin_key is not None and pin_key.secret is not None else None,
            'has_mac': p.mac.algorithm is not None, 'mac_algorithm': p.mac.algorithm,
            'encryption_algorithm': p.encryption.algorithm,
            'derivation': d.algorithm, 'iterations': d.pbkdf2_iterations, 'prf': d.pbkdf2_prf,
            'key_length': d.pbkdf2_key_length,
            'issuer': k.issuer, 'time_offset': k.time_offset, 'time_interval': k.time_interval,
            'response_length': k.response_length, 'response_encoding': k.response_encoding,
        }))


def write(args):
    spec = json.load(sys.stdin)
    p = PSKC()
    for k in spec['keys']:
        kw = dict(id=k['id'], secret=bytes.fromhex(k['secret_hex']))
        if k.get('suite_in_uri'):
            kw['algorithm'] = URI_PREFIX + k['suite']
        else:
            kw['algorithm'] = k.get('algorithm') or OCRA_URI
            if k.get('suite') is not None:
                kw['algorithm_suite'] = k['suite']
        for name, attr in (('counter', 'counter'), ('userid', 'key_userid'), ('serial', 'serial'),
                           ('response_length', 'response_length'), ('response_encoding', 'response_encoding'),
                           ('response_check', 'response_check'), ('time_interval', 'time_interval'),
                           ('time_offset', 'time_offset'), ('time_drift', 'time_drift'), ('issuer', 'issuer')):
            if k.get(name) is not None:
                kw[attr] = k[name]
        key = p.add_key(**kw)
        if k.get('pin') is not None:
            pin_id = k['id'] + '-pin'
            p.add_key(id=pin_id, algorithm=PIN_URI, secret=k['pin'].encode('utf-8'))
            key.policy.pin_key_id = pin_id
    protection = spec.get('protection', 'none')
    fields = spec.get('fields') or ['secret']
    if spec.get('mac'):
        p.mac.setup(algorithm=spec['mac'])
    if protection == 'pbkdf2':
        p.encryption.setup_pbkdf2(spec['password'], iterations=spec.get('iterations', 1000),
                                  prf=spec.get('prf'), algorithm=spec.get('algorithm'), fields=fields)
    elif protection == 'psk':
        p.encryption.setup_preshared_key(key=bytes.fromhex(spec['psk_hex']), key_name='Pre-shared-key',
                                         algorithm=spec.get('algorithm'), fields=fields)
    buf = io.BytesIO()
    p.write(buf)
    xml = buf.getvalue().decode('utf-8')
    # python-pskc writes <PRF>uri</PRF>; RFC 8018 and its own reader want the attribute.
    xml = re.sub(r'<PRF>([^<]*)</PRF>', r'<PRF Algorithm="\1"/>', xml)
    ns = spec.get('namespace', 'pskc')
    if ns == 'default':
        xml = xml.replace('xmlns:pskc=', 'xmlns=').replace('<pskc:', '<').replace('</pskc:', '</')
    elif ns != 'pskc':
        xml = xml.replace('xmlns:pskc=', 'xmlns:%s=' % ns).replace('<pskc:', '<%s:' % ns).replace('</pskc:', '</%s:' % ns)
    with open(args.out, 'w', encoding='utf-8') as f:
        f.write(xml)


def main():
    ap = argparse.ArgumentParser()
    sub = ap.add_subparsers(dest='cmd', required=True)
    r = sub.add_parser('read')
    r.add_argument('file')
    g = r.add_mutually_exclusive_group()
    g.add_argument('--password')
    g.add_argument('--psk')
    w = sub.add_parser('write')
    w.add_argument('out')
    args = ap.parse_args()
    try:
        (read if args.cmd == 'read' else write)(args)
    except Exception as e:  # noqa: BLE001 - reported to the test
        print('ERROR: %s: %s' % (type(e).__name__, e))
        sys.exit(1)


if __name__ == '__main__':
    main()
