"""Alembic revisions: a pre-Alembic file is taken over without loss, a new database gets
exactly the declared tables, and a database at another revision is met as decided."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
import sqlalchemy as sa

from govops.cloud import history
from govops.errors import DomainError
from govops.sla import faults
from govops.state import HEAD, migrate
from govops.state.engine import create_engine, open_engine
from govops.state.metadata import all_tables
from govops.state.url import parse_state_url
from tests.state import legacy

OPENED = 1_795_435_200.0  # 2026-11-23T12:00:00Z
H = 3600.0


def build_legacy(path: Path) -> None:
    """A state file as govops wrote it before Alembic, with rows in every table."""
    conn = sqlite3.connect(path)
    conn.executescript(legacy.BASE + legacy.SLA + legacy.CLOUD)
    conn.executemany("INSERT INTO schema_versions VALUES (?, ?)", [("sla", 1), ("cloud", 1)])
    conn.executemany(
        "INSERT INTO faults(category, severity, summary, opened_at, resolved_at, source, "
        "external_key, target, outcome) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            ("network", "critical", "link down", OPENED, OPENED + H, "manual", None, 1.08e4, "met"),
            ("network", "critical", "still down", OPENED, None, "manual", None, 1.08e4, None),
            ("platform", "major", "disk", OPENED + 60, None, "alertmanager", "am:x", 1.08e4, None),
        ],
    )  # fmt: skip
    conn.executemany(
        "INSERT INTO sla_counters VALUES (?, ?, ?, ?, ?)",
        [
            ("opened", "network", "critical", "", 2), ("opened", "platform", "major", "", 1),
            ("resolved", "network", "critical", "", 1),
            ("evaluated", "network", "critical", "met", 1),
            ("resolution_seconds_sum", "network", "critical", "", 3600),
        ],
    )  # fmt: skip
    conn.execute("INSERT INTO sla_buckets VALUES ('network', 'critical', 3, 1)")
    conn.execute(
        "INSERT INTO sla_resolved_daily VALUES (?, 'network', 1, 1)", ((OPENED + 3600) // 86400,)
    )
    conn.execute(
        "INSERT INTO cloud_events(system, from_status, to_status, at, actor) "
        "VALUES ('SYS-0001', 'inventoried', 'assessed', '2026-01-01T09:00:00+00:00', 'li')"
    )
    conn.execute("INSERT INTO documents VALUES ('scorecard.last', '2026-11-01', '{\"a\": 1}')")
    conn.commit()
    conn.close()


def dump(path: Path) -> dict[str, list[tuple[object, ...]]]:
    conn = sqlite3.connect(path)
    names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    out = {n: sorted(conn.execute(f"SELECT * FROM {n}").fetchall(), key=repr) for n in names}
    conn.close()
    return out


def test_a_pre_alembic_file_is_upgraded_on_first_use_without_loss(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "old.db"
    build_legacy(path)
    before = dump(path)
    engine = open_engine(path)
    assert capsys.readouterr().err == (
        f"govops: upgraded state file {path} from revision pre-alembic to {HEAD}\n"
    )
    after = dump(path)
    assert "schema_versions" not in after
    for table, rows in before.items():
        if table in ("schema_versions", "sqlite_sequence", "cloud_events"):
            continue
        width = len(rows[0]) if rows else 0
        moved = after[table]
        if table == "sla_counters":  # 0006: the values in shard 0, as they were
            assert {row[4] for row in moved} == {0}
            moved = [(*row[:4], row[5]) for row in moved]
        assert [row[:width] for row in moved] == rows, table
    stored = faults.list_faults(engine)
    assert {(f.summary, f.deadline) for f in stored} == {
        ("link down", OPENED + 10800), ("still down", OPENED + 10800),
        ("disk", OPENED + 60 + 10800),
    }  # fmt: skip
    with engine.connect() as conn:
        hours = conn.execute(sa.text(
            "SELECT category, severity, hour, count, shard FROM sla_open_deadlines ORDER BY 1"
        )).all()  # fmt: skip
        open_ids = conn.execute(sa.text(
            "SELECT id FROM faults WHERE resolved_at IS NULL ORDER BY category"
        )).scalars().all()  # fmt: skip
        deadlines = conn.execute(sa.text("SELECT deadline FROM faults ORDER BY id")).scalars()
        assert list(deadlines) == [OPENED + 10800, OPENED + 10800, OPENED + 10860]
    hour = int((OPENED + 10800) // 3600)
    assert [tuple(h) for h in hours] == [  # each in its fault's shard (id % 8)
        ("network", "critical", hour, 1, open_ids[0] % 8),
        ("platform", "major", int((OPENED + 10860) // 3600), 1, open_ids[1] % 8),
    ]
    # the migration's events now live in the one lifecycle log, in order, extra fields kept
    assert "cloud_events" not in after
    assert [row[1:7] for row in after["lifecycle_events"]] == [
        ("cloud_system", "SYS-0001", "inventoried", "assessed", "2026-01-01T09:00:00+00:00", "li")
    ]
    assert [e.to_status.value for e in history.events(engine, "SYS-0001")] == ["assessed"]
    open_engine(path)  # at HEAD now: no second notice
    assert capsys.readouterr().err == ""


def test_a_new_file_is_created_private_and_silently(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "sub" / "new.db"
    open_engine(path)
    assert capsys.readouterr().err == ""
    assert path.stat().st_mode & 0o777 == 0o600


def test_migrations_build_exactly_the_declared_tables(state_url: str) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    engine = open_engine(state_url)
    with engine.connect() as conn:
        differences = compare_metadata(MigrationContext.configure(conn), all_tables())
    assert differences == []


def test_the_known_revisions_are_the_shipped_scripts() -> None:
    from alembic.script import ScriptDirectory

    scripts = ScriptDirectory.from_config(migrate.config())
    chain = [s.revision for s in scripts.walk_revisions()][::-1]
    assert tuple(chain) == migrate.REVISIONS
    assert chain[-1] == HEAD


def test_a_file_from_a_newer_govops_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "newer.db"
    open_engine(path)
    conn = sqlite3.connect(path)
    conn.execute("UPDATE alembic_version SET version_num = '0099'")
    conn.commit()
    conn.close()
    from govops.state.engine import dispose_all

    dispose_all()
    with pytest.raises(DomainError, match=f"revision 0099, newer than this govops .*{HEAD}"):
        open_engine(path)


def test_postgresql_is_upgraded_only_by_db_upgrade(postgres: object) -> None:
    from tests.pg import PgServer

    assert isinstance(postgres, PgServer)
    url = postgres.create_database("govops_old")
    engine = create_engine(parse_state_url(url))
    migrate.upgrade(engine, "0001")
    engine.dispose()
    with pytest.raises(DomainError) as caught:
        open_engine(url)
    message = caught.value.message
    assert "revision 0001" in message and f"needs {HEAD}" in message
    assert "govops db upgrade" in message and postgres.password not in message
    assert migrate.upgrade(create_engine(parse_state_url(url))) == ("0001", HEAD)
    open_engine(url)
