"""The progress bar of a grading run: graded, not graded, remaining, and the time left."""
import sys


class Progress:
    """A tqdm bar counting committed submissions, with the graded / not graded split.

    Parameters
    ----------
    total : int
        Submissions this run grades.
    stream : file, optional
        Where the bar goes (standard error by default); ``None`` draws nothing.
    """

    def __init__(self, total, stream=sys.stderr):
        from tqdm import tqdm
        self.graded = self.not_graded = 0
        self.bar = tqdm(total=total, unit="submission", file=stream, disable=stream is None,
                        dynamic_ncols=True, smoothing=0.1,
                        bar_format="{l_bar}{bar}| {n_fmt}/{total_fmt} [{elapsed}<{remaining}, "
                                   "{rate_fmt}] {postfix}")
        self._show()

    def update(self, graded):
        """Count one committed ``grading.worker.Graded``."""
        from grading.status import GRADED
        ok = not graded.error and all(r["status"] == GRADED for r in graded.reports)
        if ok:
            self.graded += 1
        else:
            self.not_graded += 1
        self._show()
        self.bar.update(1)

    def _show(self):
        remaining = self.bar.total - self.graded - self.not_graded
        self.bar.set_postfix_str(f"graded {self.graded}, not graded {self.not_graded}, "
                                 f"remaining {remaining}", refresh=False)

    def close(self):
        self.bar.close()
