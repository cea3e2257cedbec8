"""A throw-away PostgreSQL server on loopback, for the gradebook tests (Debian's postgresql package).

``./course test`` installs the package when run as root; without it the tests that need a server fail
and say what to install.
"""
import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

USER = "postgres"  # the server refuses to run as root; Debian's package creates this account


class PostgresMissing(RuntimeError):
    pass


def server_binaries():
    """The folder of ``initdb`` and ``pg_ctl`` (Debian keeps them out of PATH, one folder per version)."""
    folders = sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(Path(p).parent.name))
    for folder in reversed(folders):
        if os.access(Path(folder) / "initdb", os.X_OK):
            return Path(folder)
    found = shutil.which("initdb")
    if found:
        return Path(found).resolve().parent
    raise PostgresMissing("PostgreSQL's server is not installed: install Debian's postgresql package "
                          "(apt-get install postgresql; ./course test does it when run as root).")


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _as_server_user(argv):
    if os.geteuid() != 0:
        return argv
    try:
        pwd.getpwnam(USER)
    except KeyError:
        raise PostgresMissing(f"there is no '{USER}' account to run the server as (Debian's postgresql "
                              "package creates it)") from None
    return ["setpriv", f"--reuid={USER}", f"--regid={USER}", "--init-groups", "--", *argv]


@contextmanager
def postgres_server():
    """Start a server in a temporary folder; yield a SQLAlchemy URL of an empty database ``gradebook``."""
    binaries = server_binaries()
    base = Path(tempfile.mkdtemp(prefix="course-pg-"))
    if os.geteuid() == 0:
        shutil.chown(base, USER, USER)
    data, port = base / "data", _free_port()
    log = base / "server.log"
    run = lambda argv: subprocess.run(_as_server_user(argv), capture_output=True, text=True, cwd=base)
    try:
        result = run([str(binaries / "initdb"), "-D", str(data), "-A", "trust", "-U", "course", "--no-sync",
                      "-E", "UTF8", "--locale=C"])
        if result.returncode:
            raise RuntimeError(f"initdb failed: {result.stdout}{result.stderr}")
        options = f"-c listen_addresses=127.0.0.1 -p {port} -k {base} -c fsync=off -c full_page_writes=off"
        result = run([str(binaries / "pg_ctl"), "-D", str(data), "-o", options, "-l", str(log), "-w", "start"])
        if result.returncode:
            raise RuntimeError(f"the PostgreSQL server did not start: {result.stdout}{result.stderr}"
                               f"{log.read_text() if log.exists() else ''}")
        import sqlalchemy as sa
        engine = sa.create_engine(f"postgresql+psycopg://course@127.0.0.1:{port}/postgres",
                                  isolation_level="AUTOCOMMIT")
        for _ in range(50):
            try:
                with engine.connect() as connection:
                    connection.execute(sa.text("CREATE DATABASE gradebook"))
                break
            except sa.exc.OperationalError:
                time.sleep(0.1)
        engine.dispose()
        yield f"postgresql+psycopg://course@127.0.0.1:{port}/gradebook"
    finally:
        if data.exists():
            run([str(binaries / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"])
        shutil.rmtree(base, ignore_errors=True)
