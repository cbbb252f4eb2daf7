"""Write seeds for the `edits` target: each input file as the initial text, then a few edits.

python3 seed_edits.py corpus/edits FILE...
"""

import struct
import sys

out_dir, files = sys.argv[1], sys.argv[2:]
for i, path in enumerate(files):
    text = open(path, "rb").read()[:8000]
    n = len(text)
    data = struct.pack("<H", n) + text
    # A newline in the middle, a character deleted near the start, a PAGE header copied to
    # the end (snippet 0xE9) and a joined line.
    data += struct.pack("<HHB", n // 2, n // 2, 1) + b"\n"
    data += struct.pack("<HHB", 10, 11, 0)
    data += struct.pack("<HHB", n, n, 0xE9)
    data += struct.pack("<HHB", n // 3, n // 3 + 1, 0)
    with open(f"{out_dir}/seed-{i:03}", "wb") as f:
        f.write(data)
