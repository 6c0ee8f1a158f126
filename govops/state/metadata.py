"""The one MetaData every part's tables live on (each part defines its own in tables.py)."""

from __future__ import annotations

import sqlalchemy as sa

metadata = sa.MetaData(
    naming_convention={
        "ix": "%(table_name)s_%(column_0_N_name)s",
        "uq": "%(table_name)s_%(column_0_N_name)s_key",
        "pk": "%(table_name)s_pkey",
    }
)

#: Epoch seconds: REAL on SQLite, double precision on PostgreSQL (exact same values).
Time = sa.Double


def all_tables() -> sa.MetaData:
    """The metadata with every part's tables registered (for Alembic, copy and check)."""
    import govops.cloud.tables
    import govops.sla.tables
    import govops.state.tables  # noqa: F401

    return metadata
