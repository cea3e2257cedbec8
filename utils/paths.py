"""Where the course's files live, wherever a notebook runs (source/, release/, a copy, a grader)."""
import os
from pathlib import Path

#: The repository root: this package is installed in editable mode from ``<root>/utils``.
COURSE_ROOT = Path(__file__).resolve().parent.parent


def data_dir():
    """Return the folder that holds the dataset files.

    ``DL_COURSE_DATA`` overrides the default ``<course root>/datasets`` (for an instructor who keeps
    the original files elsewhere).
    """
    override = os.environ.get("DL_COURSE_DATA")
    return Path(override) if override else COURSE_ROOT / "datasets"


def image_dirs():
    """Return the folders where "try your own picture" looks for a picture, in order.

    The course's example pictures ship with it in ``<course root>/datasets/images``, wherever the data
    files are: that folder is always searched. When ``DL_COURSE_DATA`` points elsewhere, its own
    ``images`` folder (the original course's layout) is searched first.
    """
    shipped = COURSE_ROOT / "datasets" / "images"
    override = data_dir() / "images"
    return [shipped] if override == shipped else [override, shipped]
