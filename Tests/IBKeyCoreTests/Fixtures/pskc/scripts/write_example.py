#!/usr/bin/env python3
"""Write a password-protected (PBKDF2 + AES-128-CBC + HMAC-SHA1 MAC) PSKC file
holding one OCRA key, using python-pskc (pip install python-pskc).

usage: write_example.py [OUTFILE] [PASSWORD]
defaults: ../peers/ocra-pbkdf2.pskcxml  password 'qwerty'

Also writes ocra-psk.pskcxml beside it, encrypted with the pre-shared AES-128
key 12345678901234567890123456789012 (hex).
"""
import os
import sys
from binascii import a2b_hex

from pskc import PSKC

HERE = os.path.dirname(os.path.abspath(__file__))
out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, '..', 'peers', 'ocra-pbkdf2.pskcxml')
password = sys.argv[2] if len(sys.argv) > 2 else 'qwerty'

# RFC 6287 Appendix C "standard" 20-byte key
SECRET = a2b_hex('3132333435363738393031323334353637383930')
SUITE = 'OCRA-1:HOTP-SHA1-8:C-QN08-PSHA1'


def make(pskc):
    # add_key() accepts any Key/Device property as a keyword argument
    pskc.add_key(
        id='ibkey-1',
        serial='IBKEY-0001',
        manufacturer='ibkey',
        issuer='Example',
        algorithm='urn:ietf:params:xml:ns:keyprov:pskc:ocra',
        algorithm_suite=SUITE,              # -> AlgorithmParameters/Suite
        challenge_encoding='DECIMAL',       # -> ChallengeFormat Encoding/Min/Max
        challenge_min_length=8,
        challenge_max_length=8,
        response_encoding='DECIMAL',        # -> ResponseFormat Encoding/Length
        response_length=8,
        secret=SECRET,
        counter=42,
        key_userid='UID=jsmith',
    )


# 1. password based (PBKDF2-HMAC-SHA1), encrypt secret AND counter
pskc = PSKC()
make(pskc)
pskc.encryption.setup_pbkdf2(
    password,
    key_name='Passphrase',
    iterations=12000,            # python-pskc default would be 100000
    fields=['secret', 'counter'],  # default is ['secret'] only
)
# setup_pbkdf2() -> _setup_encryption() -> mac.setup(): random 20-byte HMAC-SHA1 key
pskc.write(out)
print('wrote', out)
print('  derived key  :', pskc.encryption.key.hex())
print('  salt         :', pskc.encryption.derivation.pbkdf2_salt.hex())
print('  iterations   :', pskc.encryption.derivation.pbkdf2_iterations)
print('  mac algorithm:', pskc.mac.algorithm)
print('  mac key      :', pskc.mac.key.hex())

# 2. pre-shared key, AES-128-CBC, secret only (counter stays PlainValue)
out2 = os.path.join(os.path.dirname(out), 'ocra-psk.pskcxml')
pskc = PSKC()
make(pskc)
pskc.encryption.setup_preshared_key(
    key=a2b_hex('12345678901234567890123456789012'),
    key_name='Pre-shared-key',
    algorithm='aes128-cbc',
)
pskc.write(out2)
print('wrote', out2)
print('  mac key      :', pskc.mac.key.hex())
