"""How grading went, per submitted notebook: graded, or not graded and why.

nbgrader's gradebook stores scores, not the reason a notebook could not be graded, and its export
shows such a notebook as a score of 0 like an honest zero. This module keeps a small table of its
own in the same database (so it follows the gradebook to PostgreSQL): one row per student,
assignment and notebook, with the status, the reason, and notes on what happened during grading
(a function that crashed the sandbox, a timeout). ``./course autograde`` prints it and
``./course export`` writes it next to the scores.
"""
import json
import time
from dataclasses import asdict, dataclass, field

import sqlalchemy as sa

GRADED, NOT_GRADED = "graded", "not graded"

metadata = sa.MetaData()
table = sa.Table(
    "course_grading_status", metadata,
    sa.Column("assignment", sa.String(128), primary_key=True),
    sa.Column("student", sa.String(128), primary_key=True),
    sa.Column("notebook", sa.String(256), primary_key=True),
    sa.Column("status", sa.String(32), nullable=False),
    sa.Column("reason", sa.Text, nullable=False, default=""),
    sa.Column("details", sa.Text, nullable=False, default="{}"),
    sa.Column("fingerprint", sa.String(64), nullable=False, default=""),
    sa.Column("updated", sa.Float, nullable=False),
)


@dataclass
class Report:
    """What happened while one notebook was graded."""

    assignment: str
    student: str
    notebook: str
    status: str = GRADED
    reason: str = ""
    functions: dict = field(default_factory=dict)
    notes: list = field(default_factory=list)
    fingerprint: str = ""

    def judged(self, function, grade_id, points, passed, error="", seconds=None):
        self.functions[function] = {"test": grade_id, "points": points, "passed": passed,
                                    "message": error[:500], "seconds": seconds}

    def note(self, grade_id, text):
        self.notes.append(f"{grade_id}: {text}")

    def not_graded(self, reason):
        if self.status != NOT_GRADED:  # the first reason is the cause; later ones follow from it
            self.status, self.reason = NOT_GRADED, reason

    def as_dict(self):
        return asdict(self)


def _engine(db_url):
    engine = sa.create_engine(db_url)
    metadata.create_all(engine, checkfirst=True)
    return engine


def save(db_url, report):
    """Insert or replace the row of ``report``."""
    engine = _engine(db_url)
    key = (table.c.assignment == report.assignment) & (table.c.student == report.student) & \
          (table.c.notebook == report.notebook)
    row = {"assignment": report.assignment, "student": report.student, "notebook": report.notebook,
           "status": report.status, "reason": report.reason, "fingerprint": report.fingerprint,
           "details": json.dumps({"functions": report.functions, "notes": report.notes}),
           "updated": time.time()}
    with engine.begin() as connection:
        connection.execute(table.delete().where(key))
        connection.execute(table.insert().values(**row))
    engine.dispose()


def record_not_graded(db_url, assignment, student, notebook, reason, fingerprint=""):
    """Record a notebook that never reached the grader (unreadable, missing)."""
    save(db_url, Report(assignment, student, notebook, NOT_GRADED, reason, fingerprint=fingerprint))


def load(db_url, assignment=None):
    """Rows of the table as dicts (``details`` decoded), for one assignment or all."""
    engine = _engine(db_url)
    query = table.select()
    if assignment:
        query = query.where(table.c.assignment == assignment)
    with engine.connect() as connection:
        rows = [dict(r._mapping) for r in connection.execute(query)]
    engine.dispose()
    for row in rows:
        row["details"] = json.loads(row["details"] or "{}")
    return rows
