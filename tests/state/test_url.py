from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from govops.cli import app
from govops.errors import InputError
from govops.state.url import parse_state_url, redact


def test_a_path_is_a_sqlite_file_and_the_default_is_under_the_data_dir(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert parse_state_url(tmp_path / "a.db").path == tmp_path / "a.db"
    monkeypatch.delenv("GOVOPS_DB")
    default = parse_state_url()
    assert default.backend == "sqlite"
    assert default.path == tmp_path / "data" / "govops" / "govops.db"
    assert parse_state_url("sqlite:////srv/govops.db").path == Path("/srv/govops.db")


def test_a_postgresql_url_is_never_taken_for_a_file_name() -> None:
    url = parse_state_url("postgresql://ops:pa55@db.example:5433/govops")
    assert (url.backend, url.path) == ("postgresql", None)
    assert url.display == "postgresql://ops@db.example:5433/govops"
    assert url.sqlalchemy_url == "postgresql+psycopg://ops:pa55@db.example:5433/govops"
    assert parse_state_url("postgres://ops@db/govops").backend == "postgresql"


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("mysql://root:hunter2@db/govops", "`mysql://` is not supported"),
        ("https://example.org/state", "`https://` is not supported"),
        ("postgresql://ops:hunter2@db:99999/govops", "out of range"),
        ("postgresql://ops:hunter2@db:5432", "name the database"),
    ],
)
def test_other_urls_are_refused_without_printing_the_password(value: str, reason: str) -> None:
    with pytest.raises(InputError, match=reason) as caught:
        parse_state_url(value)
    assert "hunter2" not in caught.value.message


def test_the_cli_refuses_a_url_it_cannot_use_with_exit_2(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GOVOPS_DB", "mysql://root:hunter2@db/govops")
    result = CliRunner().invoke(app, ["fault", "list"])
    assert result.exit_code == 2
    assert "`mysql://` is not supported" in result.stderr
    assert "hunter2" not in result.stderr + result.stdout
    assert not Path("mysql:").exists()


def test_redact_removes_only_the_password() -> None:
    assert redact("x postgresql://a:b@h/d y") == "x postgresql://a@h/d y"
    assert redact("postgresql://a@h/d") == "postgresql://a@h/d"
