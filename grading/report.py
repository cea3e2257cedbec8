"""What the instructor reads after grading: the summary per submission and the CSV export.

Both join nbgrader's gradebook (scores) with ``grading.status`` (graded or not, and why), so that a
notebook that could not be graded never looks like an honest zero.
"""
import csv

from nbgrader.api import Gradebook, MissingEntry

from grading import status as grading_status

COLUMNS = ["assignment", "student_id", "raw_score", "max_score", "status", "reason", "notes"]


def _submission_score(gradebook, assignment, student):
    try:
        submission = gradebook.find_submission(assignment, student)
    except MissingEntry:
        return None, None
    return submission.score, submission.max_score


def rows(db_url, assignment=None):
    """One row per student and assignment (status rows of several notebooks are merged).

    Returns
    -------
    list of dict
        Keys as ``COLUMNS``; ``raw_score`` is ``None`` where no function could be judged.
    """
    merged = {}
    for row in grading_status.load(db_url, assignment):
        key = (row["assignment"], row["student"])
        entry = merged.setdefault(key, {"status": grading_status.GRADED, "reasons": [], "notes": [],
                                        "judged": False})
        entry["judged"] |= bool(row["details"].get("functions"))
        if row["status"] != grading_status.GRADED:
            entry["status"] = row["status"]
            entry["reasons"].append(f"{row['notebook']}: {row['reason']}")
        entry["notes"].extend(row["details"].get("notes", []))
    result = []
    with Gradebook(db_url) as gradebook:
        for (name, student), entry in sorted(merged.items()):
            score, max_score = _submission_score(gradebook, name, student)
            if entry["status"] != grading_status.GRADED and not entry["judged"]:
                score = None  # whatever the gradebook holds is from an earlier submission, or nothing
            if max_score is None:
                try:
                    max_score = gradebook.find_assignment(name).max_score
                except MissingEntry:
                    max_score = None
            result.append({"assignment": name, "student_id": student, "raw_score": score,
                           "max_score": max_score, "status": entry["status"],
                           "reason": "; ".join(entry["reasons"]), "notes": "; ".join(entry["notes"])})
    return result


def summary_lines(db_url, assignment, students):
    """Lines for the terminal: one per student, with the score, or 'NOT GRADED' and the reason."""
    lines = []
    for row in rows(db_url, assignment):
        if row["student_id"] not in students:
            continue
        score = "-" if row["raw_score"] is None else f"{row['raw_score']:g}"
        head = f"{row['student_id']}: {score} / {row['max_score']:g}" if row["max_score"] else row["student_id"]
        if row["status"] != grading_status.GRADED:
            judged = "" if row["raw_score"] is None else " (points of the functions judged before it stopped)"
            lines.append(f"NOT GRADED {head}{judged}: {row['reason']}")
        else:
            lines.append(f"graded {head}" + (f" (notes: {row['notes']})" if row["notes"] else ""))
    return lines


def export_csv(db_url, path):
    """Write every row to ``path`` as CSV; return the number of rows."""
    data = rows(db_url)
    with open(path, "w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS)
        writer.writeheader()
        for row in data:
            writer.writerow({k: ("" if row[k] is None else row[k]) for k in COLUMNS})
    return len(data)
