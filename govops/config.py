"""Every GOVOPS_* environment variable, in one place.

Precedence everywhere: command-line flag > environment variable > default.
"""

from __future__ import annotations

import os
from pathlib import Path

ENV_DB = "GOVOPS_DB"
ENV_SSH_USER = "GOVOPS_SSH_USER"
ENV_SSH_PASSWORD = "GOVOPS_SSH_PASSWORD"
ENV_LANG = "GOVOPS_LANG"
ENV_SSH_KNOWN_HOSTS = "GOVOPS_SSH_KNOWN_HOSTS"
ENV_SSH_LEGACY = "GOVOPS_SSH_LEGACY"
ENV_SLA_POLICY = "GOVOPS_SLA_POLICY"
ENV_WEBHOOK_TOKEN = "GOVOPS_WEBHOOK_TOKEN"
ENV_PROMETHEUS_URL = "GOVOPS_PROMETHEUS_URL"
ENV_TZ = "GOVOPS_TZ"
ENV_OPERATOR = "GOVOPS_OPERATOR"

ENVIRONMENT = {
    ENV_DB: "state: a SQLite file path or postgresql://user@host:port/dbname (a team's)",
    ENV_SSH_USER: "default SSH user; GOVOPS_SSH_USER_<PROFILE> for a credentials profile",
    ENV_SSH_PASSWORD: "default SSH password; GOVOPS_SSH_PASSWORD_<PROFILE> per profile",
    ENV_LANG: "language of tables and reports: zh or en",
    ENV_SSH_KNOWN_HOSTS: "known_hosts file that device host keys are checked against",
    ENV_SSH_LEGACY: "1: devices without a credentials profile may use legacy SSH algorithms; "
    "GOVOPS_SSH_LEGACY_<PROFILE>=1 for a profile (opt-in, named when used)",
    ENV_SLA_POLICY: "SLA policy file (default playbooks/sla.yaml, else built-in 3h / 95% / 99%)",
    ENV_WEBHOOK_TOKEN: "bearer token the exporter requires on /alertmanager (when set)",
    ENV_PROMETHEUS_URL: "Prometheus base URL network audit reads link utilisation from",
    ENV_TZ: "time zone of typed, imported and printed times, years and months "
    "(default Asia/Shanghai)",
    ENV_OPERATOR: "who is recorded as doing each write when --by is not given (else login)",
}


def _profile_suffix(profile: str) -> str:
    return "_" + profile.upper().replace("-", "_")


def ssh_login(profile: str | None) -> tuple[str | None, str | None]:
    """(user, password) for a credentials profile: GOVOPS_SSH_USER_<PROFILE>, else the default.

    Either may be None: the caller prompts, or falls back to SSH keys and the agent.
    """
    suffix = _profile_suffix(profile) if profile else ""
    user = os.environ.get(ENV_SSH_USER + suffix) or os.environ.get(ENV_SSH_USER)
    password = os.environ.get(ENV_SSH_PASSWORD + suffix) or os.environ.get(ENV_SSH_PASSWORD)
    return user, password


def ssh_legacy(profile: str | None) -> bool:
    """Whether a credentials profile allows legacy SSH algorithms: opt-in, never inherited."""
    suffix = _profile_suffix(profile) if profile else ""
    return os.environ.get(ENV_SSH_LEGACY + suffix, "").strip().lower() in ("1", "true", "yes")


def known_hosts_path(explicit: str | Path | None = None) -> Path:
    """Where host keys are checked: the flag, GOVOPS_SSH_KNOWN_HOSTS, else ~/.ssh/known_hosts."""
    if explicit:
        return Path(explicit)
    from_env = os.environ.get(ENV_SSH_KNOWN_HOSTS)
    return Path(from_env) if from_env else Path.home() / ".ssh" / "known_hosts"


def data_dir() -> Path:
    """The user's data directory for govops (XDG_DATA_HOME or ~/.local/share)."""
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "govops"


def db_path(explicit: str | Path | None = None) -> Path:
    """The state file: the flag if given, else GOVOPS_DB, else under the data directory."""
    if explicit:
        return Path(explicit)
    from_env = os.environ.get(ENV_DB)
    if from_env:
        return Path(from_env)
    return data_dir() / "govops.db"


def operator(explicit: str | None = None) -> str:
    """Who does a write: ``--by``, else GOVOPS_OPERATOR, else the login name."""
    if explicit and explicit.strip():
        return explicit.strip()
    from_env = os.environ.get(ENV_OPERATOR, "").strip()
    if from_env:
        return from_env
    import getpass

    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"
