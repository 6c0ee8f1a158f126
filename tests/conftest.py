from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests import pg

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "inventories" / "demo"


@pytest.fixture(autouse=True)
def _isolated_state(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Every test gets its own state file; nothing touches the user's data directory."""
    monkeypatch.setenv("GOVOPS_DB", str(tmp_path / "govops.db"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.delenv("GOVOPS_TZ", raising=False)  # the default, Asia/Shanghai
    # English unless a test asks for Chinese, whatever the machine's locale.
    monkeypatch.setenv("GOVOPS_LANG", "en")
    monkeypatch.delenv("GOVOPS_OPERATOR", raising=False)
    yield
    from govops.state.engine import dispose_all

    dispose_all()


@pytest.fixture(scope="session")
def postgres() -> Iterator[pg.PgServer]:
    """One PostgreSQL cluster for the session, its ``govops`` database at the newest schema."""
    if pg.pg_bin() is None:
        pytest.skip("PostgreSQL binaries are not installed (make debian-packages installs them)")
    server = pg.start()
    try:
        from govops.state import migrate
        from govops.state.engine import create_engine
        from govops.state.url import parse_state_url

        engine = create_engine(parse_state_url(server.url()))
        migrate.upgrade(engine)
        engine.dispose()
        yield server
    finally:
        server.stop()


def reset_postgres(server: pg.PgServer) -> None:
    """Empty every govops table (the schema stays), ids starting again from 1."""
    server.psql(
        "SET lock_timeout = '20s'; DO $$ DECLARE t text; BEGIN "
        "SELECT string_agg(quote_ident(tablename), ', ') INTO t FROM pg_tables "
        "WHERE schemaname = 'public' AND tablename <> 'alembic_version'; "
        "IF t IS NOT NULL THEN EXECUTE 'TRUNCATE ' || t || ' RESTART IDENTITY'; END IF; END $$",
        "govops",
    )


@pytest.fixture(params=["sqlite", "postgresql"])
def state_url(
    request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> str:
    """GOVOPS_DB for a test run on each backend: a fresh SQLite file, or the session's
    PostgreSQL database emptied."""
    if request.param == "sqlite":
        url = str(tmp_path / "govops.db")
    else:
        server: pg.PgServer = request.getfixturevalue("postgres")
        reset_postgres(server)
        url = server.url()
    monkeypatch.setenv("GOVOPS_DB", url)
    return url


@pytest.fixture
def demo_inventory() -> Path:
    return DEMO
