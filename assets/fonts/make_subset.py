#!/usr/bin/env python3
"""Make the Japanese fallback font bundled with embedscope (assets/fonts/NotoSansJP-subset.otf).

Source: Noto Sans CJK JP Regular (face 0 of NotoSansCJK-Regular.ttc, SIL Open Font License 1.1,
no Reserved Font Name), as shipped by Debian's `fonts-noto-cjk` package
(1:20220127+repack1-1, font version 2.004). Get it without installing the package:

    apt-get download fonts-noto-cjk && dpkg-deb -x fonts-noto-cjk_*.deb noto
    python3 -m venv /some/venv && /some/venv/bin/pip install fonttools
    /some/venv/bin/python assets/fonts/make_subset.py \
        noto/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc

Kept characters (see `codepoints()`): printable ASCII and Latin-1, general punctuation, arrows
and maths operators, CJK symbols and punctuation, hiragana and katakana (with the phonetic
extensions), every character of JIS X 0208 (rows 1–84: the 6,355 level 1 + 2 kanji and its
symbols, Greek, Cyrillic and box drawing), the half-width and full-width forms, and every
character of the app's own sources and sample data (so no UI string or sample name falls outside
the subset; `src/gui/fonts.rs` has a test for this).

The outlines stay CFF (PostScript): egui 0.37 rasterises through skrifa, which reads CFF, and
CFF is about half the size of the same glyphs as TrueType quadratics. Hinting, vertical metrics
and layout features beyond kerning and the locale forms are dropped: egui lays text out
horizontally and hints with its own autohinter.
"""

from __future__ import annotations

import pathlib
import sys

from fontTools import subset
from fontTools.ttLib import TTFont

HERE = pathlib.Path(__file__).resolve().parent
REPO = HERE.parent.parent
OUT = HERE / "NotoSansJP-subset.otf"

RANGES = [
    (0x0020, 0x007E),  # ASCII
    (0x00A0, 0x00FF),  # Latin-1 punctuation and letters
    (0x2000, 0x206F),  # general punctuation (— … ‘ ’ “ ” †)
    (0x2100, 0x214F),  # letterlike symbols (℃ №)
    (0x2190, 0x21FF),  # arrows
    (0x2200, 0x22FF),  # mathematical operators
    (0x2460, 0x24FF),  # enclosed alphanumerics (① ②)
    (0x2500, 0x257F),  # box drawing
    (0x25A0, 0x25FF),  # geometric shapes (■ □ ▲ ○ ●)
    (0x2600, 0x26FF),  # miscellaneous symbols (★ ☆)
    (0x3000, 0x303F),  # CJK symbols and punctuation
    (0x3040, 0x309F),  # hiragana
    (0x30A0, 0x30FF),  # katakana
    (0x31F0, 0x31FF),  # katakana phonetic extensions
    (0xFF00, 0xFFEF),  # half-width and full-width forms
]


def jis_x_0208() -> set[int]:
    """Every character of JIS X 0208 (94 × 94 grid), decoded through ISO-2022-JP."""
    chars = set()
    for row in range(0x21, 0x7F):
        for cell in range(0x21, 0x7F):
            raw = b"\x1b$B" + bytes([row, cell]) + b"\x1b(B"
            try:
                text = raw.decode("iso2022_jp")
            except UnicodeDecodeError:
                continue
            chars.update(ord(c) for c in text)
    return chars


def repo_characters() -> set[int]:
    """Non-ASCII characters of the app's sources and sample data."""
    chars = set()
    files = list((REPO / "src").rglob("*.rs")) + list((REPO / "sample_data").rglob("*"))
    for path in files:
        # src/gui/fonts.rs names characters outside the subset in its tests, on purpose.
        if not path.is_file() or path == REPO / "src" / "gui" / "fonts.rs":
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue
        chars.update(ord(c) for c in text if ord(c) > 0x7F)
    return chars


def codepoints() -> set[int]:
    cps = set()
    for lo, hi in RANGES:
        cps.update(range(lo, hi + 1))
    return cps | jis_x_0208() | repo_characters()


def main() -> int:
    if len(sys.argv) != 2:
        print(__doc__)
        return 2
    source = pathlib.Path(sys.argv[1])
    options = subset.Options()
    options.font_number = 0  # Noto Sans CJK JP in the .ttc
    options.layout_features = ["kern"]
    options.hinting = False
    options.desubroutinize = False
    options.drop_tables += ["VORG", "vhea", "vmtx", "BASE"]
    options.name_IDs = [0, 1, 2, 3, 4, 5, 6, 7, 13, 14]
    options.notdef_outline = True
    options.recalc_bounds = True
    font = subset.load_font(str(source), options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted(codepoints()))
    subsetter.subset(font)
    font.recalcTimestamp = False  # keep the source's date: the same input gives the same bytes
    subset.save_font(font, str(OUT), options)

    check = TTFont(str(OUT))
    cmap = check.getBestCmap()
    kanji = [cp for cp in jis_x_0208() if 0x4E00 <= cp <= 0x9FFF]
    missing = [cp for cp in jis_x_0208() if cp not in cmap]
    print(
        f"{OUT.relative_to(REPO)}: {OUT.stat().st_size:,} bytes, "
        f"{len(cmap):,} characters, {check['maxp'].numGlyphs:,} glyphs; "
        f"JIS X 0208: {len(jis_x_0208()):,} characters ({len(kanji):,} kanji), "
        f"{len(missing)} not in the source font"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
