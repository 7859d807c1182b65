#!/usr/bin/env python3
"""The peer: PyPI `oath` computing the same OCRA responses, on one core.
usage: oath_peer.py SUITE SECONDS -> responses_per_s=N"""
import sys, time
from oath import _ocra

suite_text, seconds = sys.argv[1], float(sys.argv[2])
suite = _ocra.str2ocrasuite(suite_text)
key = b"\x31" * {"SHA1": 20, "SHA256": 32, "SHA512": 64}[suite_text.split(":")[1].split("-")[1]]
questions = ["%06d" % ((i * 7919) % 1000000) for i in range(1000)]
uses_counter = ":C-" in suite_text
uses_pin = "-PSHA" in suite_text
n, counter = 0, 0
t0 = time.perf_counter()
while time.perf_counter() - t0 < seconds:
    for q in questions:
        kw = {"Q": q}
        if uses_counter:
            kw["C"] = counter
        if uses_pin:
            kw["P"] = "1234"
        suite(key, **kw)
        counter += 1
    n += len(questions)
print("responses_per_s=%d" % (n / (time.perf_counter() - t0)))
