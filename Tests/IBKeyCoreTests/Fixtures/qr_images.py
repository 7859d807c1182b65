#!/usr/bin/env python3
"""Test images for QRImageTests, written at test time (standard library only).

  qr_images.py scene OUT SPEC        render SPEC (JSON, below) to OUT (.png or .jpg)
  qr_images.py png-header OUT W H    a PNG whose valid IHDR claims W x H pixels
  qr_images.py jpeg-dims IN OUT W H  the JPEG IN with its frame header saying W x H

SPEC: {"width": W, "height": H,              canvas (default: the first code's size)
       "background": "white"|"grey"|"noise",  (default white)
       "codes": [{"text": T, "level": "L|M|Q|H", "scale": S, "x": X, "y": Y}],
       "png": "gray"|"gray16"|"rgb"|"rgba",   (PNG only; rgba: all but the dark
                                              modules transparent black)
       "jpeg": {"quality": Q, "subsampling": "gray"|"420"|"444"|"cmyk",
                "progressive": bool}}          (JPEG only)

The QR modules come from `qrencode -t ASCII` (two characters a module, with
its 4-module quiet zone); JPEGs are compressed by libturbojpeg through ctypes.
"""
import ctypes
import json
import random
import struct
import subprocess
import sys
import zlib


def modules(text, level):
    """The QR matrix of `text` (rows of booleans, True = dark), quiet zone included."""
    out = subprocess.run(["qrencode", "-t", "ASCII", "-m", "4", "-l", level],
                         input=text.encode(), capture_output=True, check=True).stdout.decode()
    rows = [line for line in out.split("\n") if line]
    return [[line[i] == "#" for i in range(0, len(line), 2)] for line in rows]


def render(spec):
    """The spec as (width, height, gray bytes)."""
    codes = [(modules(c["text"], c.get("level", "M")), c) for c in spec["codes"]]
    first_size = len(codes[0][0]) * codes[0][1].get("scale", 4) if codes else 64
    w, h = spec.get("width", first_size), spec.get("height", first_size)
    background = spec.get("background", "white")
    if background == "noise":
        rnd = random.Random(7)
        pixels = bytearray(rnd.randbytes(w * h))
    else:
        pixels = bytearray([255 if background == "white" else 160]) * (w * h)
    for matrix, c in codes:
        s, x0, y0 = c.get("scale", 4), c.get("x", 0), c.get("y", 0)
        for r, row in enumerate(matrix):
            # Clipped to the canvas: a code may be drawn partly outside it.
            line = b"".join((b"\x00" if dark else b"\xff") * s for dark in row)[:max(0, w - x0)]
            for dy in range(s):
                if y0 + r * s + dy < h:
                    start = (y0 + r * s + dy) * w + x0
                    pixels[start:start + len(line)] = line
    return w, h, bytes(pixels)


def chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png(w, h, gray, mode):
    """A PNG of the gray pixels, stored as `mode`."""
    kinds = {"gray": (8, 0, 1), "gray16": (16, 0, 2), "rgb": (8, 2, 3), "rgba": (8, 6, 4)}
    depth, color, size = kinds[mode]
    # rgba: dark pixels opaque black, all others transparent black.
    alpha = bytes(255 if v == 0 else 0 for v in range(256))
    raw = bytearray()
    for y in range(h):
        row = gray[y * w:(y + 1) * w]
        line = bytearray(w * size)
        if mode == "rgba":
            line[3::4] = row.translate(alpha)
        else:
            for i in range(size):
                line[i::size] = row
        raw += b"\x00" + line
    ihdr = struct.pack(">IIBBBBB", w, h, depth, color, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(bytes(raw), 6))
            + chunk(b"IEND", b""))


def jpeg(w, h, gray, options):
    """A JPEG of the gray pixels, compressed by tjCompress2."""
    tj = ctypes.CDLL("libturbojpeg.so.0")
    tj.tjInitCompress.restype = ctypes.c_void_p
    tj.tjCompress2.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int, ctypes.c_int, ctypes.c_int,
                               ctypes.c_int, ctypes.POINTER(ctypes.c_void_p), ctypes.POINTER(ctypes.c_ulong),
                               ctypes.c_int, ctypes.c_int, ctypes.c_int]
    tj.tjFree.argtypes = [ctypes.c_void_p]
    tj.tjDestroy.argtypes = [ctypes.c_void_p]
    tj.tjGetErrorStr2.restype = ctypes.c_char_p
    tj.tjGetErrorStr2.argtypes = [ctypes.c_void_p]
    sub = options.get("subsampling", "gray")
    # (pixel format, bytes a pixel, subsampling): TJPF_GRAY 6, TJPF_RGB 0,
    # TJPF_CMYK 11; TJSAMP_444 0, TJSAMP_420 2, TJSAMP_GRAY 3.
    pf, n, samp = {"gray": (6, 1, 3), "420": (0, 3, 2), "444": (0, 3, 0), "cmyk": (11, 4, 0)}[sub]
    src = bytearray(len(gray) * n)
    if sub == "cmyk":
        src[3::4] = gray.translate(bytes(255 - v for v in range(256)))
    else:
        for i in range(n):
            src[i::n] = gray
    src = bytes(src)
    flags = 16384 if options.get("progressive") else 0   # TJFLAG_PROGRESSIVE
    handle = tj.tjInitCompress()
    buf, size = ctypes.c_void_p(), ctypes.c_ulong()
    if tj.tjCompress2(handle, src, w, w * n, h, pf, ctypes.byref(buf), ctypes.byref(size), samp,
                      options.get("quality", 90), flags) != 0:
        sys.exit("tjCompress2: " + tj.tjGetErrorStr2(handle).decode())
    data = ctypes.string_at(buf, size.value)
    tj.tjFree(buf)
    tj.tjDestroy(handle)
    return data


def jpeg_dims(data, w, h):
    """`data` with the first SOF marker's height and width replaced."""
    i = 2
    while i + 4 <= len(data):
        marker, length = data[i + 1], struct.unpack(">H", data[i + 2:i + 4])[0]
        if marker in (0xC0, 0xC1, 0xC2):
            return data[:i + 5] + struct.pack(">HH", h, w) + data[i + 9:]
        i += 2 + length
    sys.exit("no SOF marker")


def main(argv):
    if argv[1] == "scene":
        out, spec = argv[2], json.loads(argv[3])
        w, h, gray = render(spec)
        data = jpeg(w, h, gray, spec.get("jpeg", {})) if out.endswith(".jpg") else png(w, h, gray, spec.get("png", "gray"))
    elif argv[1] == "png-header":
        out, w, h = argv[2], int(argv[3]), int(argv[4])
        data = (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 0, 0, 0, 0))
                + chunk(b"IDAT", zlib.compress(b"\x00" * 64)) + chunk(b"IEND", b""))
    elif argv[1] == "jpeg-dims":
        out = argv[3]
        with open(argv[2], "rb") as f:
            data = jpeg_dims(f.read(), int(argv[4]), int(argv[5]))
    else:
        sys.exit(__doc__)
    with open(out, "wb") as f:
        f.write(data)


if __name__ == "__main__":
    main(sys.argv)
