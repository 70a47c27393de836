#!/usr/bin/python3
"""Writes src/scorecard/blocks/boldWidths.ts: the advance widths of bold header text, in
characters of column width, measured from the installed font files with fontTools (Debian's
python3-fonttools; fonts-dejavu-core 2.37):

    /usr/bin/python3 scripts/make-bold-widths.py

A column's width counts digits of the sheet's body font: where LibreOffice prints Calibri in
DejaVu Sans (no Calibri or Carlito installed), a character of width is the advance of DejaVu
Sans Book's "0" (1303 of 2048 units, 7 points at 11 points: print.ts, columnPoints). The
scorecard's bold cells print in DejaVu Sans Bold there: the .xlsx writer names Calibri in every
font it sets (writer.ts, BODY_FONT), which LibreOffice draws in DejaVu Sans. (Until it did, they
printed in DejaVu Serif Bold, LibreOffice's default for a font that names no face: "comments"
9.09 wide in it against 9.16 in DejaVu Sans Bold.) FACE is that face; each character's width is
its advance over the DejaVu Sans digit. Characters: printable
ASCII, Latin-1 and Latin Extended-A (segment labels and headers in French, German, Spanish,
Portuguese, Italian and Dutch), and the marks the sheet prints (▲ ▼ … – — ² ≤ ≥); any other
character counts as the widest of these (BOLD_WIDEST).
"""
import json
import os
from fontTools.ttLib import TTFont

FONTS = "/usr/share/fonts/truetype/dejavu"
ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
OUT = os.path.join(ROOT, "src", "scorecard", "blocks", "boldWidths.ts")


def advances(name):
    font = TTFont(os.path.join(FONTS, name))
    cmap, hmtx, upm = font.getBestCmap(), font["hmtx"], font["head"].unitsPerEm
    return lambda ch: hmtx[cmap[ord(ch)]][0] / upm if ord(ch) in cmap else None


digit = advances("DejaVuSans.ttf")("0")
FACE = "DejaVuSans-Bold.ttf"
face = advances(FACE)
chars = [chr(c) for c in range(0x20, 0x7F)] + [chr(c) for c in range(0xA0, 0x180)] + list("▲▼…–—²≤≥")
table = {}
for ch in chars:
    width = face(ch)
    if width is not None:
        table[ch] = round(width / digit, 3)
widest = max(table.values())

lines = [
    "/**",
    " * Advance widths of bold header text, in characters of column width (the digit of DejaVu Sans",
    " * Book, LibreOffice's stand-in for Calibri) of " + FACE[:-4] + " (what LibreOffice prints the .xlsx's bold",
    " * cells in), from fonts-dejavu-core 2.37's font file.",
    " * Made by scripts/make-bold-widths.py; do not edit by hand.",
    " */",
    "export const BOLD_ADVANCE: Readonly<Record<string, number>> = {",
]
row = []
for ch, w in table.items():
    row.append(f"{json.dumps(ch, ensure_ascii=False)}: {w}")
    if len(row) == 10:
        lines.append("  " + ", ".join(row) + ",")
        row = []
if row:
    lines.append("  " + ", ".join(row) + ",")
lines += ["};", "", "/** The width counted for a character the table lacks: its widest. */", f"export const BOLD_WIDEST = {widest};", ""]
with open(OUT, "w", encoding="utf-8") as f:
    f.write("\n".join(lines))
print(f"wrote {OUT}: {len(table)} characters, widest {widest}")
