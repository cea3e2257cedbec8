"""Which version of each assignment's source the gradebook holds, so it is refreshed only when needed.

``nbgrader generate_assignment`` writes the assignment's notebooks, cells and hidden tests into the
gradebook (and the student version into ``release/``); grading needs the gradebook to match the
source. Running it before every grading run cost about 1.7 s of CPU each time, for nothing when the
source had not changed. This module keeps a small table of its own in the gradebook's database (so it
follows the gradebook to PostgreSQL, and a new gradebook starts empty): the fingerprint of the source
and configuration each assignment was last generated from.
"""
import hashlib
import time
from pathlib import Path

import sqlalchemy as sa

metadata = sa.MetaData()
table = sa.Table(
    "course_release", metadata,
    sa.Column("assignment", sa.String(128), primary_key=True),
    sa.Column("fingerprint", sa.String(64), nullable=False),
    sa.Column("updated", sa.Float, nullable=False),
)


def fingerprint(assignment, root):
    """A hex digest of ``source/<assignment>/`` (every file) and ``nbgrader_config.py`` under ``root``."""
    root = Path(root)
    digest = hashlib.sha256()
    files = sorted(p for p in (root / "source" / assignment).rglob("*") if p.is_file())
    for path in files + [root / "nbgrader_config.py"]:
        data = path.read_bytes() if path.exists() else b""
        digest.update(f"{path.relative_to(root)} {len(data)}\n".encode())
        digest.update(data)
    return digest.hexdigest()


def _engine(db_url):
    engine = sa.create_engine(db_url)
    metadata.create_all(engine, checkfirst=True)
    return engine


def recorded(db_url, assignment):
    """The fingerprint the assignment was last generated from, or ``None``.

    Reads only: a gradebook that does not exist yet is left for nbgrader to create (with its own
    tables and migrations).
    """
    url = sa.engine.make_url(db_url)
    if url.get_backend_name() == "sqlite" and not (url.database and Path(url.database).exists()):
        return None
    engine = sa.create_engine(db_url)
    try:
        with engine.connect() as connection:
            return connection.execute(sa.select(table.c.fingerprint).where(table.c.assignment == assignment)).scalar()
    except sa.exc.DBAPIError:  # no such table: a gradebook this module has not written to yet
        return None
    finally:
        engine.dispose()


def record(db_url, assignment, value):
    """Remember that the gradebook now holds the version ``value`` of the assignment."""
    engine = _engine(db_url)
    try:
        with engine.begin() as connection:
            connection.execute(table.delete().where(table.c.assignment == assignment))
            connection.execute(table.insert().values(assignment=assignment, fingerprint=value, updated=time.time()))
    finally:
        engine.dispose()
