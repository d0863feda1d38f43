"""Time and peak memory of each hostile upload, each in its own process (run by hand, not a test).

    .venv/bin/python -m tests.security.measure_hostile [--limit-gb 6] [--timeout 120] [case ...]

Prints, per case: wall seconds of ``prepare_upload``, peak RSS of the
measuring process, the growth of the reading process's peak RSS (when the
file is read in a child, from ``dashboard.ingest.guard``; the child is not
this process's own, so ``RUSAGE_CHILDREN`` cannot see it), and the problem
codes (or the exception).
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

CASES = {
    "wide 100000 columns": "hostile.wide_csv(100_000)",
    "10^6 columns": "hostile.million_columns_csv()",
    "long line": "hostile.long_line_csv()",
    "field above csv limit": "hostile.big_field_csv()",
    "declared dimension": "hostile.declared_dimension_xlsx()",
    "sparse far cell": "hostile.sparse_cell_xlsx()",
    "zip bomb (cells)": "hostile.bomb_xlsx()",
    "zip bomb (blanks)": "hostile.whitespace_bomb_xlsx()",
    "corrupt xlsx": "hostile.corrupt_xlsx()",
    "broken sheet xml": "hostile.bad_sheet_xlsx()",
    "4e18 head counts": "hostile.count_csv('4000000000000000000')",
    "2^63 head count": "hostile.count_csv('9223372036854775808')",
    "1e30 head count": "hostile.count_csv('1e30')",
    "normal sample (41 files)": "sorted((ROOT / 'data' / 'samples').glob('*.csv'))",
}

CHILD = """
import resource, sys, time, tempfile, traceback
from pathlib import Path
ROOT = Path({root!r})
sys.path.insert(0, str(ROOT))
from tests.security import hostile
from dashboard.ingest import prepare_upload
from dashboard.settings import Settings
files = {expr}
files = files if isinstance(files, list) else [files]
from dashboard.ingest.upload import as_uploads
files = as_uploads(files)
store = Path(tempfile.mkdtemp()) / "store"
settings = Settings.load(store=store, default_unit="Đảng ủy phường A", samples="")
started = time.perf_counter()
try:
    plan = prepare_upload(files, store, settings=settings)
    outcome = ", ".join(sorted({{p.code for p in plan.problems}})) or "accepted"
except BaseException as error:
    outcome = "EXCEPTION " + traceback.format_exception_only(error)[-1].strip()[:120]
seconds = time.perf_counter() - started
own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
try:
    from dashboard.ingest import guard
    reads = guard.read_uploads(files, max_bytes=20_000_000, default_unit="Đảng ủy phường A", timeout=60, memory_mb=1024)
    growths = [r.peak_growth_mb for r in reads if r.peak_growth_mb is not None]
    children = f"+{{max(growths):.0f}} MB" if growths else "in process"
except ImportError:
    children = "(no guard)"
print(f"RESULT\\t{{seconds:.2f}}\\t{{own:.0f}}\\t{{children}}\\t{{outcome}}", flush=True)
"""


def measure(name: str, expr: str, limit_gb: float, timeout: float) -> str:
    def limit() -> None:
        cap = int(limit_gb * 2**30)
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))

    started = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-c", CHILD.format(root=str(ROOT), expr=expr)],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, preexec_fn=limit)
    try:
        out, err = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.communicate()
        return f"{name:28} > {timeout:.0f} s (killed)"
    wall = time.perf_counter() - started
    line = next((l for l in out.splitlines() if l.startswith("RESULT")), None)
    if line is None:
        tail = (err.strip().splitlines() or ["?"])[-1][:120]
        return f"{name:28} died after {wall:.1f} s: {tail}"
    _, seconds, own, children, outcome = line.split("\t")
    return f"{name:26} {seconds:>6} s  peak RSS {own:>5} MB, reader {children:>10}  {outcome}"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("cases", nargs="*")
    parser.add_argument("--limit-gb", type=float, default=6)
    parser.add_argument("--timeout", type=float, default=120)
    args = parser.parse_args()
    for name, expr in CASES.items():
        if args.cases and not any(c in name for c in args.cases):
            continue
        print(measure(name, expr, args.limit_gb, args.timeout), flush=True)


if __name__ == "__main__":
    main()
