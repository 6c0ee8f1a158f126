"""A real Prometheus on a free loopback port, holding blocks backfilled with promtool."""

from __future__ import annotations

import subprocess
from pathlib import Path

from tests.loopback import PrometheusServer, free_port, need

__all__ = ["PrometheusServer", "backfill", "free_port", "need"]


def backfill(openmetrics: Path, data: Path) -> Path:
    """promtool tsdb create-blocks-from openmetrics FILE DATA."""
    promtool = need("promtool")
    done = subprocess.run(
        [
            promtool,
            "tsdb",
            "create-blocks-from",
            "openmetrics",
            "--max-block-duration=168h",  # promtool reads the file once per block
            str(openmetrics),
            str(data),
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return data
