"""Where the state lives: a file path (SQLite) or a PostgreSQL URL, never confused.

``GOVOPS_DB`` and ``--db`` take either. Anything else that looks like a URL is refused
(exit 2) instead of being taken for a file name. Passwords never leave this module in
text: :attr:`StateURL.display` and every message use the URL without its password.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from govops import config
from govops.errors import InputError
from govops.i18n import M_

_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*)://")
_PG_SCHEMES = ("postgresql", "postgres", "postgresql+psycopg")
_SQLITE_SCHEMES = ("sqlite",)
_USERINFO = re.compile(r"(://[^/@:\s]*):[^/@\s]*@")


def redact(text: str) -> str:
    """``text`` with the password of any ``scheme://user:password@host`` removed."""
    return _USERINFO.sub(r"\1@", text)


@dataclass(frozen=True)
class StateURL:
    """A parsed state location. ``sqlalchemy_url`` may hold a password: never print it."""

    backend: str  # "sqlite" | "postgresql"
    sqlalchemy_url: str
    display: str
    path: Path | None = None

    @property
    def is_sqlite(self) -> bool:
        return self.backend == "sqlite"


def parse_state_url(value: str | Path | None = None) -> StateURL:
    """The flag's value, else GOVOPS_DB, else the default file under the data directory."""
    import os

    raw = str(value) if value else os.environ.get(config.ENV_DB, "")
    if not raw:
        return _sqlite(config.data_dir() / "govops.db")
    match = _SCHEME.match(raw)
    if match is None:
        return _sqlite(Path(raw) if raw != ":memory:" else None)
    scheme = match.group(1).lower()
    if scheme in _PG_SCHEMES:
        return _postgresql(raw)
    if scheme in _SQLITE_SCHEMES:  # SQLAlchemy's form: sqlite:///relative, sqlite:////absolute
        path = raw[len(match.group(0)) :].removeprefix("/")
        return _sqlite(Path(unquote(path)) if path not in ("", ":memory:") else None)
    raise InputError(
        M_(
            "state database `{db}`: `{scheme}://` is not supported; give a file path (SQLite) "
            "or a postgresql://user@host:port/dbname URL (GOVOPS_DB or --db)",
            db=redact(raw),
            scheme=scheme,
        )
    )


def _sqlite(path: Path | None) -> StateURL:
    if path is None:
        return StateURL("sqlite", "sqlite+pysqlite:///:memory:", ":memory:", None)
    return StateURL("sqlite", f"sqlite+pysqlite:///{path}", str(path), path)


def _postgresql(raw: str) -> StateURL:
    parts = urlsplit(raw)
    try:
        parts.port  # noqa: B018 (validates the port)
    except ValueError as exc:
        raise InputError(
            M_("state database `{db}`: {reason}", db=redact(raw), reason=str(exc))
        ) from None
    if not parts.path.strip("/") and "dbname=" not in parts.query:
        raise InputError(
            M_(
                "state database `{db}`: name the database (postgresql://user@host:port/dbname)",
                db=redact(raw),
            )
        )
    rest = raw[len(_SCHEME.match(raw).group(0)) :]  # type: ignore[union-attr]
    return StateURL("postgresql", "postgresql+psycopg://" + rest, redact(raw), None)
