#!/usr/bin/env python3
"""Create ../peers/figure6-xmlenc-arbitrary-padding.pskcxml: RFC 6030 Figure 6
(pre-shared key 12345678901234567890123456789012, MAC key
1122334455667788990011223344556677889900) with the secret re-encrypted using
XML-Encryption-style padding (N-1 arbitrary bytes + final byte N, xmlenc-core1
5.2.1) instead of PKCS#7, with a correct ValueMAC.  python-pskc rejects it
('Invalid padding') because it unpads strictly as PKCS#7."""
import base64, hashlib, hmac, os, re
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
HERE = os.path.dirname(os.path.abspath(__file__))
key = bytes.fromhex('12345678901234567890123456789012')
mackey = bytes.fromhex('1122334455667788990011223344556677889900')
secret = b'12345678901234567890'
iv = bytes(range(16))
pad = bytes([0xAA] * 11 + [12])              # 12 bytes of padding, only last byte significant
e = Cipher(algorithms.AES(key), modes.CBC(iv)).encryptor()
cv = iv + e.update(secret + pad) + e.finalize()
mac = hmac.new(mackey, cv, hashlib.sha1).digest()
src = open(os.path.join(HERE, '..', 'rfc6030', 'figure6.pskcxml')).read()
src = src.replace('AAECAwQFBgcICQoLDA0OD+cIHItlB3Wra1DUpxVvOx2lef1VmNPCMl8jwZqIUqGv', base64.b64encode(cv).decode())
src = re.sub(r'<ValueMAC>Su\+NvtQfmvfJzF6bmQiJqoLRExc=\s*</ValueMAC>', '<ValueMAC>%s</ValueMAC>' % base64.b64encode(mac).decode(), src)
src = src.replace('Figure 6 example from RFC 6030', 'Figure 6 example from RFC 6030 MODIFIED: secret re-encrypted with xmlenc arbitrary padding (0xAA*11 + 0x0C), MAC recomputed;')
out = os.path.join(HERE, '..', 'peers', 'figure6-xmlenc-arbitrary-padding.pskcxml')
open(out, 'w').write(src)
print('wrote', out)
from pskc import PSKC
p = PSKC(out); p.encryption.key = key
try:
    print('python-pskc secret:', p.keys[0].secret)
except Exception as ex:
    print('python-pskc:', type(ex).__name__, ex)
