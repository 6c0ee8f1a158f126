"""An .xlsx of 100,000 faults written and read back, beside the same rows as CSV.

Run: .venv/bin/python bench/xlsx_roundtrip.py [--rows N] [--runs N]. Each step runs in
its own child process, so its peak RSS is its own:

- write: govops.xlsx.write_workbook (what `--format xlsx -o` runs: typed cells, local
  times, ratio formats, frozen header) / csv.writer, the baseline;
- read: govops.tabular.read_table (what every import runs) of that file;
- import: `govops fault import` of the file into a fresh SQLite state file (read,
  validate every row, one transaction).

Figures: median wall seconds and CPU seconds (user + system; what the step costs when the
machine is shared) over the runs, and the peak RSS of the step's process.
"""

from __future__ import annotations

import argparse
import csv
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

COLUMNS = ["category", "severity", "summary", "site", "opened_at", "resolved_at", "external_key"]
STEPS = ["write", "read", "import"]
KINDS = ["xlsx", "csv"]


def rows(count: int) -> Iterator[list[object]]:
    """Faults as `fault list` would give them: local ISO times, Chinese summaries."""
    base = 1_735_689_600  # 2025-01-01T00:00:00Z: 100,000 faults 5 minutes apart end in 2025
    cats = ("network", "platform", "security")
    sevs = ("critical", "major", "minor")
    for i in range(count):
        opened = base + i * 300
        yield [
            cats[i % 3], sevs[i % 3 - 1], f"西安市第{i % 97}号汇聚链路中断 Eth-Trunk{i % 48}",
            f"sn-xa-{i % 211:03d}", _iso(opened), _iso(opened + 1800 + (i % 50) * 600),
            f"GD-{i:07d}",
        ]  # fmt: skip


def _iso(ts: int) -> str:
    from govops import clock

    return str(clock.for_json(float(ts)))


def step(step_name: str, kind: str, path: Path, count: int) -> float:
    start = time.perf_counter()
    if step_name == "write" and kind == "xlsx":
        from govops.xlsx import Sheet, write_workbook

        write_workbook(path, [Sheet("faults", COLUMNS, rows(count))])
    elif step_name == "write":
        with path.open("w", encoding="utf-8", newline="") as fh:
            writer = csv.writer(fh)
            writer.writerow(COLUMNS)
            writer.writerows(rows(count))
    elif step_name == "read":
        from govops.tabular import read_table

        table = read_table(path)
        assert len(table.rows) == count, len(table.rows)
    else:
        from govops.sla import faults
        from govops.sla.importer import import_faults
        from govops.sla.models import Policy

        conn = faults.open_store(path.with_suffix(f".{kind}.db"))
        result = import_faults(conn, Policy(), path, now=time.time())
        assert result.imported == count, result
    return time.perf_counter() - start


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def child(args: argparse.Namespace) -> None:
    cpu = _cpu()
    seconds = step(args.step, args.kind, Path(args.path), args.rows)
    cpu = _cpu() - cpu
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"seconds": seconds, "cpu": cpu, "peak_mb": peak_mb}))


def run_child(step_name: str, kind: str, path: Path, count: int) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, __file__, "--child", step_name, "--kind", kind, "--path", str(path),
         "--rows", str(count)],
        capture_output=True, text=True,
    )  # fmt: skip
    if out.returncode:
        raise SystemExit(f"{step_name} {kind} failed:\n{out.stderr}")
    return dict(json.loads(out.stdout))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--child", dest="step")
    parser.add_argument("--kind")
    parser.add_argument("--path")
    args = parser.parse_args()
    if args.step:
        child(args)
        return
    results: dict[tuple[str, str], list[dict[str, float]]] = {}
    sizes: dict[str, int] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for run in range(args.runs):
            for kind in KINDS:
                path = Path(tmp) / f"faults-{run}.{kind}"
                for step_name in STEPS:
                    results.setdefault((step_name, kind), []).append(
                        run_child(step_name, kind, path, args.rows)
                    )
                sizes[kind] = path.stat().st_size
    print(f"{args.rows:,} faults, {len(COLUMNS)} columns; medians of {args.runs} runs, "
          "each step in its own process")  # fmt: skip
    print(f"{'step':<8}{'xlsx s':>8}{'cpu s':>8}{'csv s':>8}{'cpu s':>8}{'cpu ratio':>10}"
          f"{'xlsx MB':>9}{'csv MB':>8}")  # fmt: skip
    for step_name in STEPS:
        x, c = results[step_name, "xlsx"], results[step_name, "csv"]
        xs, cs = (statistics.median(r["seconds"] for r in v) for v in (x, c))
        xc, cc = (statistics.median(r["cpu"] for r in v) for v in (x, c))
        xm, cm = (max(r["peak_mb"] for r in v) for v in (x, c))
        print(f"{step_name:<8}{xs:>8.2f}{xc:>8.2f}{cs:>8.2f}{cc:>8.2f}{xc / cc:>9.1f}x"
              f"{xm:>9.0f}{cm:>8.0f}")  # fmt: skip
    print(f"file size: xlsx {sizes['xlsx'] / 1e6:.1f} MB, csv {sizes['csv'] / 1e6:.1f} MB; "
          "MB columns: peak RSS of the step's process")  # fmt: skip


if __name__ == "__main__":
    main()
