"""nbgrader configuration of the course (the repository root is the nbgrader course directory).

source/<assignment>/  -> nbgrader generate_assignment -> release/<assignment>/
submitted/<student>/<assignment>/ -> nbgrader autograde -> autograded/ -> feedback/
"""
import os

c = get_config()  # noqa: F821  (provided by nbgrader when it loads this file)

# The folder of this file (nbgrader warns about a relative root, and resolves it from wherever it runs).
COURSE_ROOT = os.path.dirname(os.path.abspath(__file__))

c.CourseDirectory.course_id = "dl-course"
c.CourseDirectory.root = COURSE_ROOT
# A course run on one machine: the exchange (formgrader's Release and Collect, the Assignment List of
# ./course instructor) is the course's own exchange/ folder, created by ./course instructor.
c.Exchange.root = os.path.join(COURSE_ROOT, "exchange")
# Only notebooks travel between source, release and submissions: data and helpers are installed.
c.CourseDirectory.ignore = [".ipynb_checkpoints", "*.pyc", "__pycache__", "feedback"]

# The stub a student sees in place of every solution region (indented to match).
c.ClearSolutions.code_stub = {
    "python": "# YOUR CODE HERE: replace this line with your code (see the hint just above)\n"
              "raise NotImplementedError(\"Write your code here, then run this cell again.\")",
}
c.ClearSolutions.text_stub = "YOUR ANSWER HERE"

# Grading: the student's code runs in a sandbox, the checks in a trusted kernel (see grading/).
# TrustedExecute takes the place of nbgrader's Execute; the rest of nbgrader's pipeline is unchanged,
# so the scores land in the gradebook and formgrader, feedback and export work as usual.
c.Autograde.sanitize_preprocessors = [
    "nbgrader.preprocessors.ClearOutput",
    "grading.sanitize.DeduplicateIds",  # nbgrader's fails on the copies it makes
    "nbgrader.preprocessors.OverwriteKernelspec",
    "nbgrader.preprocessors.OverwriteCells",
    "grading.sanitize.CheckCellMetadata",  # nbgrader's checks, its schema compiled once
]
c.Autograde.autograde_preprocessors = [
    "grading.execute.TrustedExecute",
    "nbgrader.preprocessors.IgnorePattern",
    "nbconvert.preprocessors.ClearMetadataPreprocessor",
    "nbgrader.preprocessors.LimitOutput",
    "nbgrader.preprocessors.SaveAutoGrades",
    "nbgrader.preprocessors.AssignLatePenalties",
    "grading.sanitize.CheckCellMetadata",
]
# Feedback names the hidden checks that failed, but never shows their code or expected values.
c.GenerateFeedback.preprocessors = [
    "nbgrader.preprocessors.GetGrades",
    "grading.feedback.HideHiddenTests",
    "nbconvert.preprocessors.CSSHTMLHeaderPreprocessor",
]

# `nbgrader validate` runs a notebook as the student does (nbgrader's Execute): a cell may run as long
# as the heaviest training cell needs (about a minute on two cores for the deep cat models) with a
# wide margin, but an infinite loop cannot hold it forever.
c.Execute.timeout = 600
c.Execute.interrupt_on_timeout = True
c.Execute.error_on_timeout = {
    "ename": "CellTimeoutError",
    "evalue": "This cell ran longer than 600 seconds and was stopped. Look for a loop that never ends.",
    "traceback": ["This cell ran longer than 600 seconds and was stopped."],
}
# Test cells a student deleted are put back by the grader itself (grading/execute.py), in order:
# nbgrader's add_missing_cells fails when the cell before a deleted one was deleted too.
c.OverwriteCells.add_missing_cells = False
# Students and their submissions are created on the fly by autograde.
c.Autograde.create_student = True
# A stray warning printed by a correct answer must not zero it: nbgrader reads any stderr output of
# a test cell as a failure, so the kernels that validate and grade (children of this process)
# ignore Python warnings. Test cells report problems by raising, never by warning.
os.environ["PYTHONWARNINGS"] = "ignore"
