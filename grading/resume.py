"""What a grading run still has to do: fingerprints of submissions, and the ones already graded.

A submission's fingerprint is a hash of its files and of the course's source notebooks of the
assignment: it changes when the student resubmits and when the instructor changes a test. A
submission whose every notebook has a status row with the current fingerprint was graded (or found
ungradable for a reason in the submission itself) and is not graded again. Rows written after a
failure of the grading machinery (a worker that died, nbgrader that failed) carry no fingerprint, so
the next run grades those submissions again.
"""
import hashlib
from pathlib import Path

from grading import status as grading_status


def submission_files(folder):
    """``{relative path: bytes}`` of every file under a submission folder (checkpoints left out)."""
    folder = Path(folder)
    files = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file() and ".ipynb_checkpoints" not in path.parts and not path.is_symlink():
            files[path.relative_to(folder).as_posix()] = path.read_bytes()
    return files


def fingerprint(files, source_notebooks):
    """A hex digest of a submission's files and the course's source notebooks of its assignment."""
    digest = hashlib.sha256()
    for name, data in sorted(files.items()):
        digest.update(f"file {name} {len(data)}\n".encode())
        digest.update(data)
    for path in sorted(source_notebooks):
        data = Path(path).read_bytes()
        digest.update(f"source {Path(path).name} {len(data)}\n".encode())
        digest.update(data)
    return digest.hexdigest()


def already_done(db_url, assignment, notebooks):
    """``{student: fingerprint}`` of the submissions whose every notebook has a row with a fingerprint.

    Parameters
    ----------
    notebooks : list of str
        The assignment's notebook names (without ``.ipynb``).
    """
    rows = {}
    for row in grading_status.load(db_url, assignment):
        rows.setdefault(row["student"], {})[row["notebook"]] = row["fingerprint"]
    done = {}
    for student, by_notebook in rows.items():
        prints = {by_notebook.get(name, "") for name in notebooks}
        if len(prints) == 1 and "" not in prints:
            done[student] = prints.pop()
    return done
