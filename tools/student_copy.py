"""Give a student their own working copies: release/<a>/*.ipynb -> my_work/<a>/ (never overwritten)."""
import shutil

from tools.course import ROOT


def copy_new_release_notebooks(root=ROOT):
    """Copy every release notebook the student does not have yet; return the new copies' paths."""
    copied = []
    for notebook in sorted((root / "release").glob("*/*.ipynb")):
        target = root / "my_work" / notebook.parent.name / notebook.name
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(notebook, target)
            copied.append(target)
    return copied


if __name__ == "__main__":
    (ROOT / "my_work").mkdir(exist_ok=True)
    for path in copy_new_release_notebooks():
        print(f"new notebook: {path.relative_to(ROOT)}")
