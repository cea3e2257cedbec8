"""nbgrader configuration of the course (the repository root is the nbgrader course directory).

source/<assignment>/  -> nbgrader generate_assignment -> release/<assignment>/
submitted/<student>/<assignment>/ -> nbgrader autograde -> autograded/ -> feedback/
"""
import os

c = get_config()  # noqa: F821  (provided by nbgrader when it loads this file)

c.CourseDirectory.course_id = "dl-course"
c.CourseDirectory.root = "."
# Only notebooks travel between source, release and submissions: data and helpers are installed.
c.CourseDirectory.ignore = [".ipynb_checkpoints", "*.pyc", "__pycache__", "feedback"]

# The stub a student sees in place of every solution region (indented to match).
c.ClearSolutions.code_stub = {
    "python": "# YOUR CODE HERE: replace this line with your code (see the hint just above)\n"
              "raise NotImplementedError(\"Write your code here, then run this cell again.\")",
}
c.ClearSolutions.text_stub = "YOUR ANSWER HERE"

# A cell may run as long as the heaviest training cell needs (about a minute on two cores for the
# deep cat models) with a wide margin, but an infinite loop cannot hold the grader forever.
c.Execute.timeout = 600
c.Execute.interrupt_on_timeout = True
c.Execute.allow_errors = True
c.Execute.error_on_timeout = {
    "ename": "CellTimeoutError",
    "evalue": "This cell ran longer than 600 seconds and was stopped. Look for a loop that never ends.",
    "traceback": ["This cell ran longer than 600 seconds and was stopped."],
}
# Graded cells a student deleted are put back before grading (hidden tests are restored anyway).
c.OverwriteCells.add_missing_cells = True
# Students and their submissions are created on the fly by autograde.
c.Autograde.create_student = True
# A stray warning printed by a correct answer must not zero it: nbgrader reads any stderr output of
# a test cell as a failure, so the kernels that validate and grade (children of this process)
# ignore Python warnings. Test cells report problems by raising, never by warning.
os.environ["PYTHONWARNINGS"] = "ignore"
