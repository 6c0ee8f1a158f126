from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "inventories" / "demo"


@pytest.fixture(autouse=True)
def _isolated_state(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test gets its own state file; nothing touches the user's data directory."""
    monkeypatch.setenv("GOVOPS_DB", str(tmp_path / "govops.db"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.delenv("GOVOPS_TZ", raising=False)  # the default, Asia/Shanghai
    # English unless a test asks for Chinese, whatever the machine's locale.
    monkeypatch.setenv("GOVOPS_LANG", "en")


@pytest.fixture
def demo_inventory() -> Path:
    return DEMO
