"""The revisions, oldest first: 0001 takes over a pre-Alembic file, 0002 the team schema."""
