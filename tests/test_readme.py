"""The README's console blocks that need no lab are what the commands print today."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_readme_console_blocks_have_not_drifted() -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "readme_blocks.py"), "--check"],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, (
        "README console blocks drifted; run `python scripts/readme_blocks.py` and review:\n"
        + done.stdout
    )
