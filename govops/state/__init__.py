"""One state layer for every part of govops: SQLAlchemy Core tables, Alembic migrations,
a SQLite file by default or a PostgreSQL URL shared by a team.

Each part owns its tables (``govops/<part>/tables.py``) on the one :data:`metadata`;
:func:`open_engine` opens the configured database and makes sure its schema is the one
this govops expects. SQLAlchemy, Alembic and psycopg load only when state is touched.
"""

from __future__ import annotations

from govops.state.url import StateURL, parse_state_url

#: The newest schema revision this govops writes (the head of ``migrations/versions``).
HEAD = "0006"

__all__ = ["HEAD", "StateURL", "parse_state_url"]
