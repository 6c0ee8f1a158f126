"""The schema of govops before Alembic, verbatim from the last release that wrote it
(govops/store.py, sla/faults.py, sla/aggregates.py, cloud/history.py), to build old files."""

BASE = """
CREATE TABLE IF NOT EXISTS schema_versions (
    component TEXT PRIMARY KEY,
    version INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS documents (
    key TEXT PRIMARY KEY,
    updated_at TEXT NOT NULL,
    body TEXT NOT NULL
);
"""

SLA = (
    """
CREATE TABLE IF NOT EXISTS faults (
    id INTEGER PRIMARY KEY,
    category TEXT NOT NULL,
    severity TEXT NOT NULL,
    site TEXT,
    level TEXT,
    summary TEXT NOT NULL,
    opened_at REAL NOT NULL,
    acknowledged_at REAL,
    resolved_at REAL,
    source TEXT NOT NULL,
    external_key TEXT UNIQUE,
    target REAL NOT NULL,
    outcome TEXT
);
CREATE INDEX IF NOT EXISTS faults_open ON faults(opened_at) WHERE resolved_at IS NULL;
CREATE INDEX IF NOT EXISTS faults_opened ON faults(opened_at);
CREATE INDEX IF NOT EXISTS faults_resolved ON faults(resolved_at, outcome, category)
    WHERE resolved_at IS NOT NULL;
"""
    + """
CREATE TABLE IF NOT EXISTS sla_counters (
    name TEXT NOT NULL,            -- opened | resolved | evaluated | resolution_seconds_sum
    category TEXT NOT NULL,
    severity TEXT NOT NULL,
    outcome TEXT NOT NULL DEFAULT '',
    value REAL NOT NULL,
    PRIMARY KEY (name, category, severity, outcome)
);
CREATE TABLE IF NOT EXISTS sla_buckets (
    category TEXT NOT NULL,
    severity TEXT NOT NULL,
    bucket INTEGER NOT NULL,       -- index into RESOLUTION_BUCKETS; len() is +Inf
    count INTEGER NOT NULL,
    PRIMARY KEY (category, severity, bucket)
);
CREATE TABLE IF NOT EXISTS sla_resolved_daily (
    day INTEGER NOT NULL,          -- UTC epoch day of resolution
    category TEXT NOT NULL,
    resolved INTEGER NOT NULL,
    met INTEGER NOT NULL,
    PRIMARY KEY (day, category)
);
"""
)

CLOUD = """
CREATE TABLE IF NOT EXISTS cloud_events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    system TEXT NOT NULL,
    from_status TEXT NOT NULL,
    to_status TEXT NOT NULL,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    reason TEXT NOT NULL DEFAULT '',
    evidence TEXT NOT NULL DEFAULT '[]',
    wave INTEGER,
    target_cloud TEXT,
    deadline TEXT,
    wave_date TEXT
);
CREATE INDEX IF NOT EXISTS cloud_events_system ON cloud_events(system, id);
CREATE TRIGGER IF NOT EXISTS cloud_events_no_update BEFORE UPDATE ON cloud_events
BEGIN SELECT RAISE(ABORT, 'cloud_events is append-only'); END;
CREATE TRIGGER IF NOT EXISTS cloud_events_no_delete BEFORE DELETE ON cloud_events
BEGIN SELECT RAISE(ABORT, 'cloud_events is append-only'); END;
"""
