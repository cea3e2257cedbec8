"""Sanitizing a submission before grading, where nbgrader's own step misbehaves.

nbgrader's ``DeduplicateIds`` keeps the *last* cell of a repeated grade id and leaves the others with
empty nbgrader metadata, on which its ``OverwriteCells`` then fails (``KeyError: 'grade_id'``), so a
student who copied a cell was "not graded" at all. This version keeps the *first* cell of each grade
id (the one at the release's position) and turns later copies into ordinary cells.
"""
from nbgrader import utils
from nbgrader.preprocessors import NbGraderPreprocessor


class DeduplicateIds(NbGraderPreprocessor):
    """Keep the first cell of each grade id; later copies lose their nbgrader metadata."""

    def preprocess(self, nb, resources):
        seen = set()
        for cell in nb.cells:
            if not (utils.is_grade(cell) or utils.is_solution(cell) or utils.is_locked(cell)):
                continue
            grade_id = cell.metadata.nbgrader.get("grade_id")
            if grade_id is None or grade_id in seen:
                self.log.warning("Cell with id '%s' exists multiple times: the first one is graded", grade_id)
                del cell.metadata["nbgrader"]
            else:
                seen.add(grade_id)
        return nb, resources
