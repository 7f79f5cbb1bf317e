#!/usr/bin/env python3
"""Make N-times-longer issues from a .jianbao file for the jianbao-vs-Typst benchmark.

Usage: scale.py [--input FILE] [--out-dir DIR] N [N ...]

Writes DIR/N.jianbao for every N. The rule is the one `Issue::repeated(n)` implements
on the Rust side, so both benchmarks set the same document; keep the two in step:

  * copy 1 is the issue as it is;
  * for each copy 2..n the whole `sections` list is appended again (every section with
    its label and articles), and the lead articles (`front`) of that copy are inserted
    at the start of that copy's first section's articles;
  * the masthead (`meta`) and the `distribution` block appear once;
  * an issue without sections gets, for each further copy, a section with an empty
    label (no heading is printed) that holds that copy's lead articles.

The issue's `style` is set to profile G (GB/T 9704: 16 pt body on a 28 x 22 grid), so
the file sets the same without a command-line option; the benchmark still passes
`--profile g` to jianbao, which overrides the saved style anyway.

The input defaults to assets/sample.jianbao of the repository this script lives in.
"""

import argparse
import copy
import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

# Profile G as saved in an issue. A saved style may leave fields out: missing fields
# take profile H's values (`#[serde(default)]` on `Style`, whose default is
# `Style::house()`), and `Style::gb()` is `Style::house()` with exactly these fields
# changed (src/style.rs). So this partial style loads as `Style::gb()`. If `Style::gb()`
# changes, change this too.
PROFILE_G = {
    "profile": "G",
    "chars_per_line": 28,
    "lines_per_page": 22,
    "body_size": 16.0,
    "masthead_slots": 5,
    "title_size": 22.0,
    "subtitle_size": 16.0,
    "byline_size": 16.0,
    "list_category_size": 16.0,
    "distribution_size": 14.0,
}


def repeated(issue: dict, n: int) -> dict:
    """The issue repeated n times (n >= 1) by the rule in the module docstring."""
    if n < 1:
        raise ValueError(f"the repeat count must be at least 1, not {n}")
    sections = issue.get("sections", [])
    front = issue.get("front", [])
    out = copy.deepcopy(issue)
    out.setdefault("sections", [])
    for _ in range(2, n + 1):
        copy_sections = copy.deepcopy(sections)
        if copy_sections:
            copy_sections[0]["articles"][0:0] = copy.deepcopy(front)
        else:
            copy_sections = [{"label": "", "articles": copy.deepcopy(front)}]
        out["sections"].extend(copy_sections)
    out["style"] = dict(PROFILE_G)
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("sizes", nargs="+", type=int, metavar="N", help="repeat counts")
    ap.add_argument("--input", type=Path, default=REPO / "assets" / "sample.jianbao",
                    help="the issue to repeat (default: assets/sample.jianbao)")
    ap.add_argument("--out-dir", type=Path, default=Path("."),
                    help="where N.jianbao is written (default: the current directory)")
    args = ap.parse_args()

    issue = json.loads(args.input.read_text(encoding="utf-8"))
    if issue.get("format") != "jianbao-issue":
        print(f"{args.input} is not a jianbao issue", file=sys.stderr)
        return 2
    args.out_dir.mkdir(parents=True, exist_ok=True)
    for n in args.sizes:
        path = args.out_dir / f"{n}.jianbao"
        # Pretty JSON like jianbao's own files, with the Chinese text left readable.
        text = json.dumps(repeated(issue, n), ensure_ascii=False, indent=2) + "\n"
        path.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
