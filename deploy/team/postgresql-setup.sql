-- The team's govops database on PostgreSQL 12 or newer (Debian's postgresql package).
-- Run once as the postgres superuser:  sudo -u postgres psql -f postgresql-setup.sql
-- then, from any operator machine:      govops db upgrade --db postgresql://govops_owner@db1.gov.example/govops
--
-- Three roles: the schema owner (runs `govops db upgrade` and `govops db copy`), the
-- exporters and the operators. Passwords are set here with \password, never on a command
-- line; each machine keeps its own in ~/.pgpass or PGPASSFILE (mode 0600).
CREATE ROLE govops_owner LOGIN;
CREATE ROLE govops_exporter LOGIN;
CREATE ROLE govops_operator LOGIN;
CREATE DATABASE govops OWNER govops_owner;
\password govops_owner
\password govops_exporter
\password govops_operator
\connect govops
-- A reported success (HTTP 200 to Alertmanager, `fault open` returning) is on disk.
ALTER DATABASE govops SET synchronous_commit = on;
-- Writers read and write every govops table; the schema stays the owner's.
ALTER DEFAULT PRIVILEGES FOR ROLE govops_owner IN SCHEMA public
    GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO govops_exporter, govops_operator;
ALTER DEFAULT PRIVILEGES FOR ROLE govops_owner IN SCHEMA public
    GRANT USAGE, SELECT ON SEQUENCES TO govops_exporter, govops_operator;
