"""Start-up time of `govops --help`, beside `python -c pass` and `python -c "import openstack"`.

Run: .venv/bin/python bench/startup.py [--runs N]. Target: govops --help median <= 0.25 s.
All three are timed in the same run, interleaved, so machine noise hits them alike.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

TARGET_SECONDS = 0.25


def commands() -> dict[str, list[str]]:
    govops = Path(sys.executable).with_name("govops")
    return {
        "python -c pass": [sys.executable, "-c", "pass"],
        "govops --help": [str(govops), "--help"],
        "python -c 'import openstack'": [sys.executable, "-c", "import openstack"],
    }


def time_once(argv: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=21)
    args = parser.parse_args()
    cmds = commands()
    samples: dict[str, list[float]] = {name: [] for name in cmds}
    for argv in cmds.values():
        time_once(argv)  # warm the page cache and .pyc files
    for _ in range(args.runs):
        for name, argv in cmds.items():
            samples[name].append(time_once(argv))
    base = statistics.median(samples["python -c pass"])
    print(f"{'command':32} {'median s':>9} {'p90 s':>7} {'x python':>9}")
    for name, values in samples.items():
        median = statistics.median(values)
        p90 = statistics.quantiles(values, n=10)[-1]
        print(f"{name:32} {median:9.3f} {p90:7.3f} {median / base:9.1f}")
    govops = statistics.median(samples["govops --help"])
    verdict = "meets" if govops <= TARGET_SECONDS else "MISSES"
    print(f"govops --help median {govops:.3f} s {verdict} the {TARGET_SECONDS} s target")
    return 0 if govops <= TARGET_SECONDS else 1


if __name__ == "__main__":
    sys.exit(main())
