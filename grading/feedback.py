"""Feedback that names the failed hidden checks but never shows their code or expected values.

nbgrader's feedback renders the autograded notebook, whose test cells hold the hidden tests restored
from the gradebook. ``HideHiddenTests`` (in ``GenerateFeedback.preprocessors``) replaces each hidden
block by a one-line placeholder before the HTML is written. The outputs stay: the judge already ran
the hidden checks with their expected values left out of the messages (``grading.judge.run_hidden``).
"""
from nbgrader.preprocessors import NbGraderPreprocessor

from grading.plan import HIDDEN_RE, nbgrader_meta

PLACEHOLDER = "# (hidden tests: the instructor's further checks run here; their code is not shown)\n"


def hide_hidden_tests(source):
    """``source`` with every hidden-test block replaced by the placeholder."""
    return HIDDEN_RE.sub(PLACEHOLDER, source)


class HideHiddenTests(NbGraderPreprocessor):
    """Remove hidden tests from the notebook a student receives as feedback."""

    def preprocess_cell(self, cell, resources, index):
        if cell.cell_type == "code" and nbgrader_meta(cell).get("grade"):
            cell.source = hide_hidden_tests(cell.source)
        return cell, resources
