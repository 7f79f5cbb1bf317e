#!/usr/bin/env bash
# Usage: benches/vs-typst/run.sh [-n RUNS] [-s "SIZES"] [-b JIANBAO] [-k DIR] [-h]
#
# Compares jianbao with Typst 0.15 (the PyPI package `typst`, which bundles the
# compiler) setting the same bulletin: the sample issue repeated N times
# (scale.py), set by jianbao in profile G and by Typst with gb.typ (to_typst.py).
# Prints a Markdown table of the medians side by side.
#
#   -n RUNS    runs per measurement, the median is reported (default 5)
#   -s SIZES   repeat counts N, space-separated (default "1 10 120")
#   -b PATH    the jianbao binary (default: $JIANBAO, else target/release/jianbao,
#              which is built with `cargo build --release --bin jianbao` if missing)
#   -k DIR     keep the documents, PDFs, virtualenv and raw timings in DIR
#              (default: a temporary folder, removed at exit)
#   -B         do not run `cargo bench` for jianbao's re-layout times (the table then
#              shows Typst's side only)
#
# Measured for each N:
#   1. whole-process cold time: `jianbao export N.jianbao -o OUT.pdf --profile g
#      --bundled-fonts` against a fresh `python -c` process that runs typst.compile()
#      to a PDF file. Typst is shown with and without the Python interpreter's start,
#      which is measured as an empty `python -c 'import typst'` and subtracted; the
#      harness's own cost of launching a process (fork, /usr/bin/time, exec; measured
#      as /bin/true) is likewise subtracted from jianbao's time. The ratio uses both
#      numbers without them.
#   2. Typst's incremental recompile after a one-character edit (one process:
#      typst.Compiler, compile once, then edit + compile to PDF bytes, timed, RUNS
#      times). jianbao's counterpart is `cargo bench`'s relayout_and_pdf_after_edit:
#      the same kind of edit, re-laid out with the editor's cache and written as PDF
#      bytes in memory, so both sides include the PDF (run here unless -B; the
#      layout-only figure, relayout_after_edit, is shown beside it);
#   3. the size of each PDF;
#   4. the peak memory (max RSS) of each process, from /usr/bin/time -f %M. Typst runs
#      inside Python: its figure includes the interpreter's own, which is shown on its
#      own (an empty `import typst`) and subtracted for an approximate Typst-only figure;
# and the page count of each PDF (pdfinfo), next to the times, to show both set
# comparable content.
#
# Needs python3 with venv, pip access to PyPI, GNU time and poppler-utils; missing
# Debian packages are installed with apt-get (run as root).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
TYPST_VERSION="0.15.0"

usage() { sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; }

RUNS=5
SIZES="1 10 120"
BIN="${JIANBAO:-}"
KEEP=""
CARGO_BENCH=1
while getopts "n:s:b:k:Bh" opt; do
    case "$opt" in
        n) RUNS="$OPTARG" ;;
        s) SIZES="$OPTARG" ;;
        b) BIN="$OPTARG" ;;
        k) KEEP="$OPTARG" ;;
        B) CARGO_BENCH="" ;;
        h) usage; exit 0 ;;
        *) usage >&2; exit 2 ;;
    esac
done
if ! [[ "$RUNS" =~ ^[1-9][0-9]*$ ]]; then
    echo "run.sh: the number of runs must be a positive integer, not '$RUNS'" >&2
    exit 2
fi
for n in $SIZES; do
    if ! [[ "$n" =~ ^[1-9][0-9]*$ ]]; then
        echo "run.sh: sizes must be positive integers, not '$n'" >&2
        exit 2
    fi
done

log() { echo "run.sh: $*" >&2; }

# --- tools ------------------------------------------------------------------

APT_UPDATED=""
apt_install() {
    if [[ -z "$APT_UPDATED" ]]; then
        apt-get update -qq >&2
        APT_UPDATED=1
    fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >&2
}
[[ -x /usr/bin/time ]] || { log "installing GNU time"; apt_install time; }
command -v pdfinfo >/dev/null || { log "installing poppler-utils"; apt_install poppler-utils; }

# The jianbao binary: -b, $JIANBAO, or the release build (built if missing).
if [[ -z "$BIN" ]]; then
    BIN="$REPO/target/release/jianbao"
    if [[ ! -x "$BIN" ]]; then
        log "building jianbao (cargo build --release --bin jianbao)"
        (cd "$REPO" && cargo build --release --bin jianbao >&2)
    fi
fi
if [[ ! -x "$BIN" ]]; then
    echo "run.sh: no jianbao binary at $BIN" >&2
    exit 2
fi
BIN="$(cd "$(dirname "$BIN")" && pwd)/$(basename "$BIN")"

# --- work folder and a throwaway virtualenv with Typst -----------------------

if [[ -n "$KEEP" ]]; then
    mkdir -p "$KEEP"
    WORK="$(cd "$KEEP" && pwd)"
else
    WORK="$(mktemp -d "${TMPDIR:-/tmp}/jianbao-vs-typst.XXXXXX")"
    trap 'rm -rf "$WORK"' EXIT
fi
DOCS="$WORK/docs"
OUT="$WORK/out"
RAW="$WORK/raw.tsv"   # tool, N, measure, value (one line per run)
mkdir -p "$DOCS" "$OUT"
: >"$RAW"

VENV="$WORK/venv"
if [[ ! -x "$VENV/bin/python" ]]; then
    if ! python3 -m venv "$VENV" >/dev/null 2>&1; then
        log "python3 -m venv failed; installing python3-venv"
        rm -rf "$VENV"
        apt_install python3-venv
        python3 -m venv "$VENV"
    fi
fi
PY="$VENV/bin/python"
if ! "$PY" -c "import typst, sys; sys.exit(typst.__version__ != '$TYPST_VERSION')" 2>/dev/null; then
    log "installing typst==$TYPST_VERSION into $VENV"
    "$VENV/bin/pip" install --quiet --disable-pip-version-check "typst==$TYPST_VERSION" >&2
fi

# --- documents ----------------------------------------------------------------

log "writing the documents for N = $SIZES"
# shellcheck disable=SC2086 # SIZES is a list of numbers
python3 "$HERE/scale.py" --out-dir "$DOCS" $SIZES
cp "$HERE/gb.typ" "$DOCS/gb.typ"
for n in $SIZES; do
    python3 "$HERE/to_typst.py" "$DOCS/$n.jianbao" -o "$DOCS/$n.typ"
done

# --- measuring ---------------------------------------------------------------

# timed TOOL N CMD...: runs CMD once (output to a log), appends its wall time (ms) and
# peak RSS (KB) to $RAW.
timed() {
    local tool="$1" n="$2"
    shift 2
    local mem="$WORK/mem.txt" t0 t1
    t0=$(date +%s%N)
    if ! /usr/bin/time -f %M -o "$mem" "$@" >>"$WORK/$tool.log" 2>&1; then
        echo "run.sh: $tool failed at N=$n; see $WORK/$tool.log" >&2
        tail -n 20 "$WORK/$tool.log" >&2
        exit 1
    fi
    t1=$(date +%s%N)
    printf '%s\t%s\tms\t%s\n' "$tool" "$n" "$(( (t1 - t0) / 1000 ))e-3" >>"$RAW"
    printf '%s\t%s\tkb\t%s\n' "$tool" "$n" "$(tail -n 1 "$mem")" >>"$RAW"
}

# A fresh Python process that compiles N.typ to a PDF file, as a user's script would.
TYPST_COMPILE='import sys, typst
typst.compile(sys.argv[1], output=sys.argv[2], root=sys.argv[3],
              font_paths=[sys.argv[4]], ignore_system_fonts=True)'

log "Python start (empty 'import typst') and the harness's own launch (/bin/true), $RUNS runs"
for ((r = 1; r <= RUNS; r++)); do
    timed python 0 "$PY" -c 'import typst'
    timed launch 0 /bin/true
done

for n in $SIZES; do
    log "N=$n: cold runs, $RUNS each (tools alternate)"
    for ((r = 1; r <= RUNS; r++)); do
        timed jianbao "$n" "$BIN" export "$DOCS/$n.jianbao" -o "$OUT/$n-jianbao.pdf" \
            --profile g --bundled-fonts
        timed typst "$n" "$PY" -c "$TYPST_COMPILE" "$DOCS/$n.typ" "$OUT/$n-typst.pdf" \
            "$DOCS" "$REPO/fonts"
    done

    log "N=$n: Typst incremental recompile, $RUNS edits"
    cp "$DOCS/$n.typ" "$DOCS/$n-edit.typ"
    # One process: compile once, then RUNS times change one character of the first
    # body paragraph (the line after `// bench-edit`) and time the recompile to PDF
    # bytes in memory. Each edit uses a character not used before, so no state repeats
    # (Typst's caches would answer a repeated state at once), and whose UTF-8 encoding
    # shares neither its first nor its last byte with the one it replaces: Typst 0.15
    # misses an edit that only changes a character's middle byte (乙 → 丙), which the
    # check on the output below would report.
    "$PY" - "$DOCS/$n-edit.typ" "$DOCS" "$REPO/fonts" "$RUNS" "$n" >>"$RAW" <<'PY'
import sys, time, typst

path, root, fonts, runs, n = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5]
compiler = typst.Compiler(path, root=root, font_paths=[fonts], ignore_system_fonts=True)
previous = compiler.compile(timestamp=0)
with open(path, encoding="utf-8") as f:
    src = f.read()
marker = "// bench-edit\n"
start = src.index(marker) + len(marker)
pos = next(i for i in range(start, len(src)) if "\u4e00" <= src[i] <= "\u9fa5")
used = {src[pos]}
for _ in range(runs):
    cp = ord(src[pos])
    while True:
        # +0x1001 changes the first and the last UTF-8 byte of a CJK ideograph.
        cp = 0x4E00 + (cp - 0x4E00 + 0x1001) % (0x9FA6 - 0x4E00)
        if chr(cp) not in used:
            break
    used.add(chr(cp))
    src = src[:pos] + chr(cp) + src[pos + 1:]
    with open(path, "w", encoding="utf-8") as f:
        f.write(src)
    t0 = time.perf_counter()
    pdf = compiler.compile(timestamp=0)
    ms = (time.perf_counter() - t0) * 1000
    if pdf == previous:
        sys.exit(f"the edit to {chr(cp)} did not change Typst's output at N={n}")
    previous = pdf
    print(f"typst\t{n}\tinc_ms\t{ms:.3f}")
PY

    for tool in jianbao typst; do
        pdf="$OUT/$n-$tool.pdf"
        printf '%s\t%s\tbytes\t%s\n' "$tool" "$n" "$(stat -c %s "$pdf")" >>"$RAW"
        pages=$(pdfinfo "$pdf" 2>/dev/null | awk '/^Pages:/ {print $2}')
        printf '%s\t%s\tpages\t%s\n' "$tool" "$n" "$pages" >>"$RAW"
    done
done

# jianbao's re-layout after an edit, from cargo bench (divan prints a tree whose rows
# are "├─ N  fastest │ slowest │ median │ mean │ …"); medians go into $RAW.
if [[ -n "$CARGO_BENCH" ]]; then
    log "cargo bench: jianbao's re-layout (and PDF) after a one-character edit"
    (cd "$REPO" && cargo bench --bench layout -- relayout_and_pdf_after_edit \
        relayout_after_edit 2>/dev/null) >"$WORK/cargo-bench.txt"
    python3 - "$WORK/cargo-bench.txt" >>"$RAW" <<'PY'
import re, sys
unit = {"ns": 1e-6, "µs": 1e-3, "us": 1e-3, "ms": 1.0, "s": 1000.0}
bench = None
for line in open(sys.argv[1], encoding="utf-8"):
    name = re.match(r"^[├╰]─ (\w+)", line)
    if name:
        bench = name.group(1)
        continue
    row = re.match(r"^[│ ]+[├╰]─ (\d+)\s+(.+)$", line)
    if row and bench in ("relayout_and_pdf_after_edit", "relayout_after_edit"):
        cells = [c.strip() for c in row.group(2).split("│")]
        value, u = cells[2].split()
        what = "inc_pdf_ms" if bench == "relayout_and_pdf_after_edit" else "inc_ms"
        print(f"jianbao\t{row.group(1)}\t{what}\t{float(value) * unit[u]:.4f}")
PY
fi

# --- report ------------------------------------------------------------------

CPU="$(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo)"
LOAD="$(cut -d' ' -f1-3 /proc/loadavg)"
"$PY" - "$RAW" "$RUNS" "$SIZES" "$(nproc)" "$CPU" "$LOAD" \
    "$("$BIN" --version 2>/dev/null | head -n 1)" <<'PY'
import statistics, sys
from collections import defaultdict

raw, runs, sizes, ncpu, cpu, load, jb_version = sys.argv[1:8]
sizes = sizes.split()
data = defaultdict(list)
with open(raw) as f:
    for line in f:
        tool, n, what, value = line.rstrip("\n").split("\t")
        data[tool, n, what].append(float(value))

def med(tool, n, what):
    values = data.get((tool, n, what))
    return statistics.median(values) if values else None

def ms(v):
    return "–" if v is None else (f"{v:,.0f} ms" if v >= 100 else f"{v:.1f} ms")

def ratio(a, b):
    return "–" if a is None or b is None or b == 0 else f"{a / b:.2f}×"

def kb(b):
    return "–" if b is None else f"{b / 1024:,.0f} KB ({b:,.0f} B)"

def mb(k):
    return "–" if k is None else f"{k / 1024:,.0f} MB"

import typst
py_ms, py_kb = med("python", "0", "ms"), med("python", "0", "kb")
print(f"## jianbao vs Typst {typst.__version__}: median of {runs} runs")
print()
print(f"Machine: {ncpu} cores, {cpu}; load average at the end {load}.")
print(f"jianbao: {jb_version} (export --profile g --bundled-fonts). "
      f"Typst: PyPI typst {typst.__version__}, bundled fonts only (font_paths=fonts/, "
      "ignore_system_fonts).")
launch_ms = med("launch", "0", "ms")
print(f"Python start (an empty `python -c 'import typst'` through the harness): {ms(py_ms)}, "
      f"{mb(py_kb)} max RSS; subtracted from Typst's times. The harness's own launch "
      f"(`/bin/true` through the same wrapper): {ms(launch_ms)}; subtracted from jianbao's "
      "times, so both sides exclude the wrapper.")
print()
print("| N | measure | jianbao | jianbao excl. launch | Typst | Typst excl. Python | Typst ÷ jianbao |")
print("|---:|---|---:|---:|---:|---:|---:|")
for n in sizes:
    jp, tp = med("jianbao", n, "pages"), med("typst", n, "pages")
    pages = f"{n}× ({'–' if jp is None else f'{jp:.0f}'} / {'–' if tp is None else f'{tp:.0f}'} pages)"
    jb, ty = med("jianbao", n, "ms"), med("typst", n, "ms")
    jb_ex = None if jb is None or launch_ms is None else jb - launch_ms
    ty_ex = None if ty is None or py_ms is None else ty - py_ms
    print(f"| {pages} | cold run, whole process | {ms(jb)} | {ms(jb_ex)} | {ms(ty)} | {ms(ty_ex)} | "
          f"{ratio(ty_ex, jb_ex)} |")
    jb, ty = med("jianbao", n, "inc_pdf_ms"), med("typst", n, "inc_ms")
    print(f"| {pages} | one-character edit → re-layout → PDF bytes | {ms(jb)} | – | {ms(ty)} | – | "
          f"{ratio(ty, jb)} |")
    print(f"| {n}× | one-character edit → re-layout only | {ms(med('jianbao', n, 'inc_ms'))} | – "
          "| (not measurable apart) | – | – |")
    jb, ty = med("jianbao", n, "bytes"), med("typst", n, "bytes")
    print(f"| {n}× | PDF size | {kb(jb)} | – | {kb(ty)} | – | {ratio(ty, jb)} |")
    jb, ty = med("jianbao", n, "kb"), med("typst", n, "kb")
    ty_own = None if ty is None or py_kb is None else ty - py_kb
    print(f"| {n}× | peak memory (max RSS) | {mb(jb)} | – | {mb(ty)} incl. Python | "
          f"≈ {mb(ty_own)} | {ratio(ty_own, jb)} |")
PY

if [[ -n "$KEEP" ]]; then
    log "documents, PDFs and raw timings kept in $WORK"
fi
