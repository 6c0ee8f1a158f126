"""A real PostgreSQL for the tests: Debian's binaries, a temporary cluster, a free port.

Tests run as root and PostgreSQL refuses to, so the cluster belongs to the ``postgres``
user (``runuser``) when there is one. Host connections need a password (scram-sha-256),
as a team's server would; the socket directory is the cluster's own.
"""

from __future__ import annotations

import glob
import os
import pwd
import secrets
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from tests.loopback import free_port

ROLE = "govops"


def pg_bin() -> Path | None:
    """The newest /usr/lib/postgresql/*/bin with initdb, or None."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=_version)
    return Path(found[-1]).parent if found else None


def _version(path: str) -> int:
    part = Path(path).parts[-3]
    return int(part) if part.isdigit() else 0


@dataclass
class PgServer:
    bin: Path
    root: Path
    port: int
    password: str
    owner: str | None

    @property
    def data(self) -> Path:
        return self.root / "data"

    def url(self, dbname: str = "govops", password: bool = True) -> str:
        secret = f":{self.password}" if password else ""
        return f"postgresql://{ROLE}{secret}@127.0.0.1:{self.port}/{dbname}"

    def run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        cmd = [str(a) for a in args]
        if self.owner:
            cmd = ["runuser", "-u", self.owner, "--", *cmd]
        return subprocess.run(cmd, check=check, capture_output=True, text=True, cwd=self.root)

    def psql(self, sql: str, dbname: str = "postgres") -> str:
        out = self.run(
            self.bin / "psql", "-X", "-q", "-At", "-h", str(self.root), "-p", str(self.port),
            "-U", "postgres", "-d", dbname, "-v", "ON_ERROR_STOP=1", "-c", sql,
        )  # fmt: skip
        return out.stdout

    def create_database(self, prefix: str) -> str:
        """A new empty database (a unique name starting with ``prefix``); its URL."""
        name = f"{prefix}_{secrets.token_hex(4)}"
        self.psql(f"CREATE DATABASE {name} OWNER {ROLE}")
        return self.url(name)

    def stop(self) -> None:
        self.run(self.bin / "pg_ctl", "-D", self.data, "-m", "immediate", "stop", check=False)
        shutil.rmtree(self.root, ignore_errors=True)


def start(settings: dict[str, str] | None = None) -> PgServer:
    """initdb, start on a free loopback port, create role ``govops`` and database ``govops``."""
    binary = pg_bin()
    if binary is None:
        raise FileNotFoundError("no /usr/lib/postgresql/*/bin/initdb (apt-get install postgresql)")
    owner = _owner()
    root = Path(tempfile.mkdtemp(prefix="govops-pg-"))
    os.chmod(root, 0o755)
    if owner:
        entry = pwd.getpwnam(owner)
        os.chown(root, entry.pw_uid, entry.pw_gid)
    server = PgServer(binary, root, free_port(), secrets.token_urlsafe(12), owner)
    server.run(
        binary / "initdb", "-D", server.data, "-U", "postgres", "--auth-local=trust",
        "--auth-host=scram-sha-256", "-E", "UTF8", "--locale=C.UTF-8",
    )  # fmt: skip
    options = {
        "listen_addresses": "127.0.0.1", "port": str(server.port),
        "unix_socket_directories": str(root), "max_connections": "300",
        "fsync": "off", "full_page_writes": "off", "synchronous_commit": "off",
        **(settings or {}),
    }  # fmt: skip
    conf = "".join(f"{k} = '{v}'\n" for k, v in options.items())
    with (server.data / "postgresql.conf").open("a") as fh:
        fh.write(conf)
    server.run(binary / "pg_ctl", "-D", server.data, "-l", root / "log", "-w", "-t", "60", "start")
    server.psql(f"CREATE ROLE {ROLE} LOGIN PASSWORD '{server.password}'")
    server.psql(f"CREATE DATABASE govops OWNER {ROLE}")
    return server


def _owner() -> str | None:
    if os.geteuid() != 0:
        return None
    try:
        pwd.getpwnam("postgres")
    except KeyError:
        return None
    return "postgres"
