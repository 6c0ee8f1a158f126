"""Regenerate (or check) the README's console blocks by running their commands.

    python scripts/readme_blocks.py            # rewrite every block it can run
    python scripts/readme_blocks.py --check    # exit 1 and show a diff when a block drifted
    python scripts/readme_blocks.py --list     # which blocks run, which are skipped and why

A console block is a ```console fence whose lines starting with ``$ `` are commands (a
line ending in ``\\`` continues on the next) and whose other lines are their output.
A block runs when each of its commands needs no lab, no network and no state left by
another block (``govops inventory``, ``govops fault``, ``echo``). It runs as one shell
script in a fresh directory holding the repo's ``inventories/`` and ``playbooks/``, the
sample files of ``tests/readme/`` (those of ``tests/readme/NAME/`` instead when the line
before the fence is ``<!-- readme-samples: NAME -->``) and a state file of its own.
The clock needs no pinning: those blocks give their times (``--at``, ``--as-of``).
Output is compared with trailing spaces stripped and temporary paths removed. Blocks
that need the lab (collect, audit of build/demo/snapshot, sync, probe) are listed as
skipped: `make demo` prints their current output.
"""

from __future__ import annotations

import argparse
import difflib
import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "tests" / "readme"
MARK = "@@readme-block-command@@"
RUNNABLE = (
    re.compile(r"^govops inventory (validate|show)\b"),
    re.compile(r"^govops fault (open|ack|resolve|show|list|report|import)\b"),
    re.compile(r"^echo \$\?$"),
)
NEEDS_LAB = re.compile(r"build/|snap\b|--snapshot|lab up|sync|probe|capacity|collect|bench/")


@dataclass
class Block:
    start: int  # index of the first line inside the fence
    end: int  # index of the closing fence
    commands: list[list[str]]  # each command's lines, as written
    outputs: list[list[str]]
    samples: str = ""  # a folder under tests/readme/ whose files replace the common ones

    def text(self) -> list[str]:
        lines: list[str] = []
        for command, output in zip(self.commands, self.outputs, strict=True):
            lines += command + output
        return lines


def blocks(lines: list[str]) -> list[Block]:
    found, index = [], 0
    while index < len(lines):
        if lines[index].strip() != "```console":
            index += 1
            continue
        end = next(i for i in range(index + 1, len(lines)) if lines[i].strip() == "```")
        block = _parse(lines, index + 1, end)
        marker = re.match(r"<!-- readme-samples: ([\w-]+) -->", lines[index - 1] if index else "")
        block.samples = marker[1] if marker else ""
        found.append(block)
        index = end + 1
    return found


def _parse(lines: list[str], start: int, end: int) -> Block:
    commands: list[list[str]] = []
    outputs: list[list[str]] = []
    index = start
    while index < end:
        line = lines[index]
        if line.startswith("$ "):
            command = [line]
            while command[-1].endswith("\\") and index + 1 < end:
                index += 1
                command.append(lines[index])
            commands.append(command)
            outputs.append([])
        elif outputs:
            outputs[-1].append(line)
        index += 1
    return Block(start, end, commands, outputs)


def why_skipped(block: Block) -> str | None:
    for command in block.commands:
        text = " ".join(part.rstrip("\\").strip() for part in command)[2:]
        shell = re.sub(r"\s*(\|.*|>\s*/dev/null)$", "", text)
        if NEEDS_LAB.search(shell):
            return f"needs the lab or the demo's files: {shell[:60]}"
        if not any(pattern.search(shell) for pattern in RUNNABLE):
            return f"not a command this script runs: {shell[:60]}"
    return None


def run(block: Block) -> list[list[str]]:
    """Each command's output, from running the block as one shell script."""
    with tempfile.TemporaryDirectory(prefix="readme-") as tmp:
        work = Path(tmp)
        for name in ("inventories", "playbooks"):
            (work / name).symlink_to(ROOT / name)
        for folder in (SAMPLES, SAMPLES / block.samples if block.samples else None):
            for sample in folder.iterdir() if folder and folder.is_dir() else ():
                if sample.is_file():
                    shutil.copy(sample, work / sample.name)
        script = ["set +e"]
        for command in block.commands:
            body = "\n".join(line[2:] if i == 0 else line for i, line in enumerate(command))
            script += ["__status=$?", f"echo {MARK}", "(exit $__status)", f"{{ {body}\n}} 2>&1"]
        env = {
            **os.environ,
            "GOVOPS_DB": str(work / "state.db"),
            "GOVOPS_LANG": "en",
            "GOVOPS_OPERATOR": "li.na",  # who writes: not this machine's login name
            "COLUMNS": "80",
            "PATH": f"{Path(sys.executable).parent}:{os.environ['PATH']}",
        }
        env.pop("GOVOPS_TZ", None)
        env.pop("GOVOPS_SLA_POLICY", None)
        done = subprocess.run(["bash", "-c", "\n".join(script)], cwd=work, env=env,
                              capture_output=True, text=True, timeout=600)  # fmt: skip
        text = done.stdout.replace(str(work) + "/", "").replace(str(work), ".")
    parts = text.split(MARK + "\n")[1:]
    return [[line.rstrip() for line in part.splitlines()] for part in parts]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("readme", nargs="?", type=Path, default=ROOT / "README.md")
    parser.add_argument("--check", action="store_true", help="report drift, change nothing")
    parser.add_argument("--list", action="store_true", help="say which blocks run")
    args = parser.parse_args()
    lines = args.readme.read_text(encoding="utf-8").splitlines()
    drifted = 0
    for block in reversed(blocks(lines)):  # from the end, so earlier indexes stay valid
        where = f"{args.readme.name}:{block.start}"
        reason = why_skipped(block)
        if reason or args.list:
            print(f"{where}: {'skipped, ' + reason if reason else 'runs'}", file=sys.stderr)
            continue
        fresh = Block(block.start, block.end, block.commands, run(block), block.samples)
        old = [line.rstrip() for line in block.text()]
        if fresh.text() == old:
            continue
        drifted += 1
        if args.check:
            diff = difflib.unified_diff(old, fresh.text(), f"{where} (README)", "(as run)",
                                        lineterm="")  # fmt: skip
            print("\n".join(diff) + "\n")
        else:
            lines[block.start : block.end] = fresh.text()
            print(f"{where}: updated", file=sys.stderr)
    if not args.check and drifted:
        args.readme.write_text("\n".join(lines) + "\n", encoding="utf-8")
    if args.check and drifted:
        print(f"{drifted} README block(s) drifted: run python scripts/readme_blocks.py",
              file=sys.stderr)  # fmt: skip
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
