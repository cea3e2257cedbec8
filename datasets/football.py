"""Football positions: the course's own stand-in for the regularization lesson's ``data.mat``.

The story of the lesson: the goalkeeper of the French team kicks the ball; each point is where a
player then headed it, blue (1) when a French player got it, red (0) when an opponent did. French
players win the upper left of the field, opponents the lower right, along a gently bent diagonal.
Real games are noisy: near the line either side may win, and a few small pockets of headers are
won against the run of play. Those pockets are what an unregularized network learns by heart.

``X`` is (211, 2) and ``Xval`` (200, 2), float64; ``y`` (211, 1) and ``yval`` (200, 1), uint8,
with 106 and 87 positives. Coordinates lie in about [-0.6, 0.3] x [-0.66, 0.57].
"""
import io

import numpy as np
import scipy.io

#: Seed of the shipped file.
SEED = 3
#: (key of X, key of y, split code, number of points, number of positives)
SPLITS = (("X", "y", 0, 211, 106), ("Xval", "yval", 1, 200, 87))
X1_RANGE, X2_RANGE = (-0.6, 0.3), (-0.66, 0.57)
#: Width of the noisy band around the boundary (logistic scale of the label noise).
BOUNDARY_NOISE = 0.025
#: Number of small pockets of upset headers per split, and points per pocket.
POCKETS, POCKET_SIZE = 4, (2, 5)


def boundary_margin(points):
    """Signed distance-like margin to the boundary: positive on the French (upper-left) side.

    Parameters
    ----------
    points : numpy.ndarray, shape (n, 2)

    Returns
    -------
    numpy.ndarray, shape (n,)
    """
    x1, x2 = points[:, 0], points[:, 1]
    line = 0.95 * (x1 + 0.15) + 0.05 + 0.07 * np.sin(7.0 * x1 + 1.0)
    return (x2 - line) / np.sqrt(1 + 0.95 ** 2)


def sample_positions(rng, n):
    """Positions spread over the field, denser in the middle where play happens.

    Returns
    -------
    numpy.ndarray, shape (n, 2)
    """
    low = np.array([X1_RANGE[0], X2_RANGE[0]])
    high = np.array([X1_RANGE[1], X2_RANGE[1]])
    centre, half = (low + high) / 2, (high - low) / 2
    uniform = rng.uniform(low, high, (n, 2))
    central = centre + rng.normal(0, 0.45, (n, 2)) * half
    inside = np.all((central > low) & (central < high), axis=1, keepdims=True)
    # A central draw that falls off the field is replaced by a uniform one (no pile-up at the edges).
    return np.where((rng.random((n, 1)) < 0.5) & inside, central, uniform)


def noisy_labels(rng, points):
    """Labels from the boundary with logistic noise near it, flipped inside a few pockets."""
    labels = (rng.random(len(points)) < 1 / (1 + np.exp(-boundary_margin(points) / BOUNDARY_NOISE))).astype(np.uint8)
    return labels


def upset_pockets(rng):
    """A few tight clusters of headers won by the side that usually loses there.

    Returns
    -------
    points : numpy.ndarray, shape (k, 2)
    labels : numpy.ndarray, shape (k,), uint8
    """
    points, labels = [], []
    while len(points) < POCKETS:
        centre = sample_positions(rng, 1)[0]
        margin = boundary_margin(centre[None])[0]
        if not 0.06 < abs(margin) < 0.25:
            continue
        size = rng.integers(POCKET_SIZE[0], POCKET_SIZE[1] + 1)
        points.append(centre + rng.normal(0, 0.025, (size, 2)))
        labels.append(np.full(size, margin < 0, dtype=np.uint8))
    return np.concatenate(points), np.concatenate(labels)


def build_split(seed, split, n, n_positive):
    """One split with exactly ``n_positive`` ones, in a seeded random order.

    Returns
    -------
    X : numpy.ndarray, shape (n, 2), float64
    y : numpy.ndarray, shape (n, 1), uint8
    """
    rng = np.random.default_rng([seed, split])
    pocket_x, pocket_y = upset_pockets(rng)
    want = {1: n_positive - int(pocket_y.sum()), 0: n - n_positive - int((1 - pocket_y).sum())}
    chosen_x, chosen_y = [pocket_x], [pocket_y]
    while want[0] > 0 or want[1] > 0:
        points = sample_positions(rng, 64)
        labels = noisy_labels(rng, points)
        for value in (0, 1):
            keep = points[labels == value][:max(want[value], 0)]
            chosen_x.append(keep)
            chosen_y.append(np.full(len(keep), value, dtype=np.uint8))
            want[value] -= len(keep)
    X, y = np.concatenate(chosen_x), np.concatenate(chosen_y)
    order = rng.permutation(n)
    return X[order].astype(np.float64), y[order].reshape(-1, 1)


def build(seed=SEED):
    """Every array of ``data.mat``.

    Returns
    -------
    dict
        ``{"data.mat": {"X": ..., "y": ..., "Xval": ..., "yval": ...}}``
    """
    arrays = {}
    for x_key, y_key, split, n, n_positive in SPLITS:
        arrays[x_key], arrays[y_key] = build_split(seed, split, n, n_positive)
    return {"data.mat": arrays}


#: Fixed text of the MAT-file header (scipy writes the creation time there, which would change the bytes).
MAT_HEADER = b"MATLAB 5.0 MAT-file, written by datasets/football.py of the deep-learning course"


def mat_bytes(arrays):
    """The bytes of a MAT-file holding ``arrays``, identical on every run.

    ``scipy.io.savemat`` writes a 116-byte text header with the current time; it is replaced by
    ``MAT_HEADER`` padded with spaces (the format allows any text there).
    """
    buffer = io.BytesIO()
    scipy.io.savemat(buffer, arrays, format="5", do_compression=False, oned_as="column")
    data = bytearray(buffer.getvalue())
    data[:116] = MAT_HEADER.ljust(116, b" ")
    return bytes(data)
