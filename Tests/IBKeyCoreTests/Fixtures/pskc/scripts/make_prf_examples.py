#!/usr/bin/env python3
"""Make PBKDF2 test files with non-default PRFs (python-pskc writes <PRF>uri</PRF>
as element text, but RFC 8018 / xmlenc11 / python-pskc's own parser use the
Algorithm attribute, so the PRF element is rewritten to <PRF Algorithm="uri"/>).
Writes into ../peers/ (the fixtures keep the HMAC-SHA256 / AES-256 one)."""
import io, os, re
from pskc import PSKC
HERE = os.path.dirname(os.path.abspath(__file__))
for prf, alg, mac in [('hmac-sha256', 'aes256-cbc', 'hmac-sha256'),
                      ('hmac-sha512', 'aes128-cbc', 'hmac-sha512')]:
    p = PSKC()
    p.add_key(id='k1', algorithm='urn:ietf:params:xml:ns:keyprov:pskc:ocra',
              algorithm_suite='OCRA-1:HOTP-SHA256-8:QN08', secret=bytes(range(32)), counter=7,
              response_encoding='DECIMAL', response_length=8)
    p.mac.setup(algorithm=mac)
    p.encryption.setup_pbkdf2('qwerty', prf=prf, algorithm=alg, iterations=2000,
                              fields=['secret', 'counter'])
    buf = io.BytesIO(); p.write(buf)
    x = buf.getvalue().decode()
    x = re.sub(r'<PRF>([^<]*)</PRF>', r'<PRF Algorithm="\1"/>', x)
    fn = os.path.join(HERE, '..', 'peers', 'pbkdf2-%s-%s-%s.pskcxml' % (prf, alg, mac))
    open(fn, 'w').write(x)
    q = PSKC(fn); q.encryption.derive_key('qwerty'); k = q.keys[0]; k.check()
    print(os.path.basename(fn), 'prf=', q.encryption.derivation.pbkdf2_prf,
          'key=', q.encryption.key.hex(), 'secret=', k.secret.hex(), 'counter=', k.counter, 'mac=', q.mac.algorithm)
