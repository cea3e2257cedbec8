"""Helper modules shared by every notebook of the course.

One home per concern:

- ``activations``: sigmoid, ReLU, tanh and their backward functions.
- ``data``: every dataset loader (files under ``datasets/`` and the generated 2-D sets).
- ``plotting``: decision boundaries, cost curves, image grids.
- ``checks``: the assertions that test cells use, with messages that say what is wrong.
- ``testCases``: seeded fixture builders for the graded functions.
- ``threads``: how many BLAS threads a kernel, a test worker or a grader uses on a shared machine.

The course-style modules (``lr_utils``, ``planar_utils``, ``dnn_utils``, ...) only re-export from
these homes under the names the lessons use. Nothing here answers an exercise of a notebook the
student has not finished: a later notebook may import an earlier notebook's functions.
"""
