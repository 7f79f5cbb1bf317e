#!/usr/bin/env python3
"""Rebuild the bundled fonts in this folder from Debian's font packages.

Provenance (Debian bookworm):
  fonts-noto-cjk 1:20220127+repack1-1  -> NotoSerifCJK-Regular.ttc, NotoSerifCJK-Bold.ttc,
                                          NotoSansCJK-Bold.ttc (face index 2 = SC)
  fonts-lxgw-wenkai 1.250+repack-1     -> LXGWWenKai-Regular.ttf (shipped unmodified:
                                          its licence reserves the name for modified copies)

Each Noto face is cut to GBK's repertoire plus the punctuation of GB/T 15834 and
Latin-1 with fontTools' pyftsubset, its OpenType layout tables and hinting are dropped
(jianbao measures and positions every glyph itself), and its CFF outlines are converted
to TrueType quadratic outlines, so that every bundled face is a plain glyf font: one
outline format for the PDF subsetter, the metrics reader and the on-screen rasteriser.

Usage:  apt-get install fonts-noto-cjk fonts-lxgw-wenkai && pip install fonttools
        python3 fonts/build-fonts.py
"""
import os
import shutil
import sys

from fontTools import subset
from fontTools.ttLib import TTFont, newTable
from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.ttGlyphPen import TTGlyphPen

NOTO = "/usr/share/fonts/opentype/noto"
WENKAI = "/usr/share/fonts/truetype/lxgw-wenkai/LXGWWenKai-Regular.ttf"
HERE = os.path.dirname(os.path.abspath(__file__))
SC_INDEX = 2  # Simplified Chinese face of the Noto CJK collections

OUTPUTS = [
    ("NotoSerifCJK-Regular.ttc", "NotoSerifSC-Regular-GBK.ttf"),
    ("NotoSerifCJK-Bold.ttc", "NotoSerifSC-Bold-GBK.ttf"),
    ("NotoSansCJK-Bold.ttc", "NotoSansSC-Bold-GBK.ttf"),
]


def gbk_repertoire():
    """Every character GBK encodes, plus ASCII, Latin-1 and the marks Chinese text needs."""
    chars = set(range(0x20, 0x7F)) | set(range(0xA0, 0x100))
    for lead in range(0x81, 0xFF):
        for trail in range(0x40, 0xFF):
            if trail == 0x7F:
                continue
            try:
                s = bytes([lead, trail]).decode("gbk")
            except UnicodeDecodeError:
                continue
            chars.update(ord(c) for c in s)
    extra = (
        list(range(0x2010, 0x2060))  # general punctuation: dashes, quotes, ‧ ‰ ′ ″ ‼ ⁇ ⁈ ⁉
        + list(range(0x3000, 0x3040))  # CJK symbols and punctuation
        + list(range(0xFF01, 0xFF5F))  # full-width forms
        + [0xFFE0, 0xFFE1, 0xFFE5, 0x2103, 0x2116, 0x2E3A, 0x2E3B, 0x22EF, 0x30FB, 0xB7]
    )
    chars.update(extra)
    return chars


def otf_to_ttf(font):
    """Replace CFF outlines by TrueType outlines (the classic fontTools otf2ttf recipe)."""
    glyph_order = font.getGlyphOrder()
    glyph_set = font.getGlyphSet()
    glyphs = {}
    for name in glyph_order:
        pen = TTGlyphPen(glyph_set)
        glyph_set[name].draw(Cu2QuPen(pen, max_err=1.0, reverse_direction=True))
        glyphs[name] = pen.glyph()
    font["loca"] = newTable("loca")
    glyf = font["glyf"] = newTable("glyf")
    glyf.glyphOrder = glyph_order
    glyf.glyphs = glyphs
    del font["CFF "]
    if "VORG" in font:
        del font["VORG"]
    font["maxp"] = maxp = newTable("maxp")
    maxp.tableVersion = 0x00010000
    maxp.maxZones = 1
    for attr in ("maxTwilightPoints", "maxStorage", "maxFunctionDefs", "maxInstructionDefs",
                 "maxStackElements", "maxSizeOfInstructions"):
        setattr(maxp, attr, 0)
    maxp.maxComponentElements = max(
        (len(g.components) for g in glyphs.values() if hasattr(g, "components")), default=0)
    font["head"].indexToLocFormat = 1
    font["head"].glyphDataFormat = 0
    post = font["post"]
    post.formatType = 2.0
    post.extraNames = []
    post.mapping = {}
    post.glyphOrder = glyph_order
    font.sfntVersion = "\0\1\0\0"


def build_noto(src_name, out_name, unicodes):
    src = os.path.join(NOTO, src_name)
    font = TTFont(src, fontNumber=SC_INDEX, lazy=False)
    opts = subset.Options()
    opts.layout_features = []
    opts.hinting = False
    opts.notdef_outline = True
    opts.name_IDs = ["*"]
    opts.name_languages = ["*"]
    opts.drop_tables += ["GSUB", "GPOS", "GDEF", "BASE", "vhea", "vmtx", "VORG", "DSIG"]
    sub = subset.Subsetter(opts)
    sub.populate(unicodes=unicodes)
    sub.subset(font)
    otf_to_ttf(font)
    out = os.path.join(HERE, out_name)
    font.save(out)
    print(f"{out_name}: {os.path.getsize(out) / 1e6:.1f} MB, {len(font.getGlyphOrder())} glyphs")


def main():
    unicodes = gbk_repertoire()
    print(f"repertoire: {len(unicodes)} code points")
    only = sys.argv[1:]
    for src, out in OUTPUTS:
        if not only or out in only:
            build_noto(src, out, unicodes)
    shutil.copyfile(WENKAI, os.path.join(HERE, "LXGWWenKai-Regular.ttf"))
    print("LXGWWenKai-Regular.ttf: copied unmodified")


if __name__ == "__main__":
    main()
