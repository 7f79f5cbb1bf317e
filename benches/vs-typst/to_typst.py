#!/usr/bin/env python3
"""Convert a .jianbao issue to Typst markup set with gb.typ (GB/T 9704-like template).

Usage: to_typst.py ISSUE.jianbao [-o OUT.typ]

The output imports "gb.typ", so compile it with gb.typ in the same folder (run.sh
copies it there). Body paragraphs are written as plain markup, one paragraph per
block, with Typst's markup characters escaped; every other field is passed as a
string to a function of gb.typ.

A comment line `// bench-edit` marks the first body paragraph: the incremental
recompile benchmark changes one character of the line after it.
"""

import argparse
import json
import math
import sys
from pathlib import Path

# ASCII characters with a meaning in Typst markup (markup, shorthands, smart quotes,
# comments, labels, list markers); each is written with a backslash in front.
MARKUP_SPECIAL = set('\\#*_$@<>[]`~=-+/"\'.')

# Title lines hold at most this many full-width characters: 156 mm at 22 pt (二号).
TITLE_LINE_CHARS = 20
# A title line may not start with these (closing marks) or end with these (opening marks).
NO_LINE_START = set("，。、；：？！）》」』】〕”’…—·")
NO_LINE_END = set("（《「『【〔“‘")

CHINESE_DIGITS = "〇一二三四五六七八九"


def escape_markup(text: str) -> str:
    """Text as Typst markup that prints the text literally."""
    return "".join("\\" + c if c in MARKUP_SPECIAL else c for c in text)


def string(text: str) -> str:
    """A Typst string literal."""
    out = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return '"' + out + '"'


def chinese_ordinal(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 21 → 二十一 (list categories rarely pass 20)."""
    if n < 10:
        return CHINESE_DIGITS[n]
    tens, ones = divmod(n, 10)
    head = ("" if tens == 1 else CHINESE_DIGITS[tens]) + "十"
    return head + (CHINESE_DIGITS[ones] if ones else "")


def width(text: str) -> float:
    """Width in em: ASCII is half width, everything else full width."""
    return sum(0.5 if ord(c) < 128 else 1.0 for c in text)


def title_lines(title: str) -> list:
    """The title's lines: the editor's forced breaks, else balanced lines of at most
    TITLE_LINE_CHARS (as jianbao balances long titles instead of filling the first line)."""
    forced = [line.strip() for line in title.split("\n") if line.strip()]
    if len(forced) != 1:
        return forced or [""]
    text = forced[0]
    total = width(text)
    count = math.ceil(total / TITLE_LINE_CHARS)
    if count <= 1:
        return [text]
    # Break positions allowed: not inside an ASCII word or number, not before a closing
    # mark, not after an opening mark.
    allowed = [
        i for i in range(1, len(text))
        if not (text[i - 1].isascii() and text[i].isascii() and text[i - 1].isalnum()
                and text[i].isalnum())
        and text[i] not in NO_LINE_START and text[i - 1] not in NO_LINE_END
    ]
    lines, start = [], 0
    for k in range(1, count):
        target = total * k / count
        best = min(
            (i for i in allowed if i > start),
            key=lambda i: abs(width(text[:i]) - target),
            default=None,
        )
        if best is None:
            break
        lines.append(text[start:best])
        start = best
    lines.append(text[start:])
    return lines


def issue_line(meta: dict) -> str:
    """第9期（总第96期）, or 增刊第X期 for a supplement."""
    line = ("增刊" if meta.get("supplement") else "") + f"第{meta['issue_no']}期"
    if meta.get("total_no") is not None:
        line += f"（总第{meta['total_no']}期）"
    return line


def chinese_date(iso: str) -> str:
    """2021-09-30 → 2021年9月30日 (no zero padding, GB/T 9704 7.3.5.4)."""
    y, m, d = (int(part) for part in iso.split("-"))
    return f"{y}年{m}月{d}日"


def printed_attribution(attr: dict) -> str:
    """（王婧）, （张俊清　张梦梦） or （据国资网）."""
    if attr["kind"] == "author":
        return "（" + "\u3000".join(attr["names"]) + "）"
    return "（" + attr["text"] + "）"


def byline_inline(attr: dict) -> bool:
    """Author bylines go on the last line (placement auto or inline); source notes and
    `own_line` get a line of their own."""
    placement = attr.get("placement", "auto")
    if placement == "auto":
        return attr["kind"] == "author"
    return placement == "inline"


class Writer:
    def __init__(self):
        self.out = []
        self.marked = False

    def emit(self, line: str = "") -> None:
        self.out.append(line)

    def article(self, article: dict) -> None:
        lines = ", ".join(string(line) for line in title_lines(article["title"]))
        self.emit(f"#title({lines})")
        if article.get("subtitle"):
            self.emit(f"#subtitle({string(article['subtitle'])})")
        self.emit()
        attr = article.get("attribution")
        blocks = article.get("blocks", [])
        # The last paragraph, which takes an inline byline.
        last_para = max((i for i, b in enumerate(blocks) if b["type"] == "paragraph"),
                        default=None)
        for i, block in enumerate(blocks):
            kind = block["type"]
            if kind in ("paragraph", "list_intro"):
                if not self.marked and kind == "paragraph":
                    self.emit("// bench-edit")
                    self.marked = True
                text = escape_markup(block["text"])
                if attr and i == last_para and i == len(blocks) - 1 and byline_inline(attr):
                    text += f" #byline({string(printed_attribution(attr))})"
                    attr = None
                self.emit(text)
            elif kind == "award_list":
                self.award_list(block["categories"])
            else:
                raise ValueError(f"unknown block type {kind!r}")
            self.emit()
        if attr:
            self.emit(f"#byline-line({string(printed_attribution(attr))})")
            self.emit()

    def award_list(self, categories: list) -> None:
        self.emit("#award-list(")
        for n, cat in enumerate(categories, start=1):
            heading = chinese_ordinal(n) + "、" + cat["name"]
            rows = []
            for row in cat["rows"]:
                if row["kind"] == "person":
                    rows.append(f"({string(row['name'])}, {string(row['org'])}, "
                                f"{string(row['award'])})")
                else:
                    rows.append(f"({string(row['org'])},)")
            self.emit(f"  ({string(heading)}, (")
            for row in rows:
                self.emit(f"    {row},")
            self.emit("  )),")
        self.emit(")")

    def distribution(self, dist: dict, order: list) -> None:
        lines = [l for l in dist.get("lines", []) if any(_names(g) for g in l["groups"])]
        # Print in the style's order (报 发 送); labels it does not name follow.
        rank = {label: i for i, label in enumerate(order)}
        lines.sort(key=lambda l: rank.get(l["label"], len(order)))
        rows = []
        for line in lines:
            groups = ", ".join(
                "(" + "".join(string(n) + ", " for n in _names(g)) + ")"
                for g in line["groups"] if _names(g)
            )
            rows.append(f"({string(line['label'])}, ({groups},))")
        if dist.get("extra"):
            names = "".join(string(n) + ", " for n in dist["extra"])
            rows.append(f"({string('本期增发')}, (({names}),))")
        if not rows:
            return
        self.emit("#distribution(")
        for row in rows:
            self.emit(f"  {row},")
        self.emit(")")


def _names(group) -> list:
    """The names of a recipient group: a plain list (file version 1) or {names, from}."""
    names = group["names"] if isinstance(group, dict) else group
    return [n for n in names if n.strip()]


def convert(issue: dict) -> str:
    w = Writer()
    w.emit("// Generated by to_typst.py from a .jianbao issue; set with gb.typ.")
    w.emit('#import "gb.typ": *')
    w.emit("#show: bulletin")
    w.emit()
    meta = issue["meta"]
    cls = meta.get("classification")
    w.emit(f"#masthead(name: {string(meta['bulletin_name'])}, "
           f"issue: {string(issue_line(meta))}, org: {string(meta['editor_org'])}, "
           f"date: {string(chinese_date(meta['date']))}, "
           f"classification: {string(cls) if cls else 'none'})")
    w.emit()
    for article in issue.get("front", []):
        w.article(article)
    for section in issue.get("sections", []):
        # A section with an empty label prints no heading (as in jianbao).
        if section["label"].strip():
            w.emit(f"#section({string(section['label'].strip())})")
        for article in section["articles"]:
            w.article(article)
    order = (issue.get("style") or {}).get("distribution_order", ["报", "发", "送"])
    w.distribution(issue.get("distribution", {}), order)
    return "\n".join(w.out) + "\n"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("issue", type=Path, help="the .jianbao file")
    ap.add_argument("-o", "--output", type=Path,
                    help="the .typ file to write (default: the issue's name with .typ)")
    args = ap.parse_args()
    issue = json.loads(args.issue.read_text(encoding="utf-8"))
    out = args.output or args.issue.with_suffix(".typ")
    out.write_text(convert(issue), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
