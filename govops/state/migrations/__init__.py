"""Alembic environment and revisions of the govops state schema (shipped as package data)."""
