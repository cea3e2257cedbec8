"""Every dataset loader of the course.

File-backed sets (cat pictures, hand signs, football positions) are read from ``datasets/`` (see
``utils.paths.data_dir``); the 2-D teaching sets (flower, circles, moons, extra planar sets) are
generated here with the curriculum's algorithm and seeds, so their published numbers reproduce.

Layout conventions: image arrays are returned as stored, ``(m, 64, 64, 3)`` uint8; labels as
``(1, m)`` int64; 2-D sets as ``X`` of shape ``(2, m)`` and ``Y`` of shape ``(1, m)``.
"""
from pathlib import Path

import h5py
import numpy as np
import scipy.io
import sklearn.datasets

from utils.paths import data_dir, image_dirs

#: The command that rebuilds every data file, named in every loading error.
REBUILD_COMMAND = "./course data"


class DatasetError(RuntimeError):
    """A data file is missing, unreadable or does not have the expected schema."""


def _path(filename):
    path = data_dir() / filename
    if not path.is_file():
        raise DatasetError(
            f"Dataset file {path} is missing. Rebuild the course data with `{REBUILD_COMMAND}` "
            "from the course folder (or copy the original file there under the same name).")
    return path


def _broken(path, problem):
    return DatasetError(
        f"Dataset file {path} is unreadable or corrupt ({problem}). Rebuild it with "
        f"`{REBUILD_COMMAND}` from the course folder (or restore the original file).")


def _read_h5(filename, keys):
    path = _path(filename)
    try:
        with h5py.File(path, "r") as f:
            missing = [k for k in keys if k not in f]
            if missing:
                raise _broken(path, f"missing key(s) {missing}")
            return {k: f[k][:] for k in keys}
    except OSError as error:
        raise _broken(path, error) from None


def _image_split(filename, split, n_pixels=64):
    arrays = _read_h5(filename, [f"{split}_set_x", f"{split}_set_y", "list_classes"])
    x, y = arrays[f"{split}_set_x"], arrays[f"{split}_set_y"]
    if x.ndim != 4 or x.shape[1:] != (n_pixels, n_pixels, 3) or x.shape[0] != y.shape[0]:
        raise _broken(data_dir() / filename, f"unexpected shapes {x.shape} and {y.shape}")
    return x, y.reshape(1, -1).astype(np.int64), arrays["list_classes"]


def _load_image_dataset(train_file, test_file):
    train_x, train_y, classes = _image_split(train_file, "train")
    test_x, test_y, _ = _image_split(test_file, "test")
    return train_x, train_y, test_x, test_y, classes


def load_cat_dataset():
    """Load the cat / non-cat pictures.

    Returns
    -------
    train_x_orig : numpy.ndarray, shape (209, 64, 64, 3), uint8
    train_y : numpy.ndarray, shape (1, 209), int64; 1 = cat, 0 = non-cat
    test_x_orig : numpy.ndarray, shape (50, 64, 64, 3), uint8
    test_y : numpy.ndarray, shape (1, 50), int64
    classes : numpy.ndarray, shape (2,), bytes: ``[b'non-cat', b'cat']``
    """
    return _load_image_dataset("train_catvnoncat.h5", "test_catvnoncat.h5")


def load_phone_dataset():
    """Load the phone pictures of the ML-strategy lessons: what the users of a cat app photograph.

    The same kinds of subjects as the cat / non-cat pictures, but often blurry, dim under warm
    indoor light or casually framed. The labels are as the labelling team delivered them: a few
    are wrong (``load_cat_tags("phone")`` says which).

    Returns
    -------
    phone_x_orig : numpy.ndarray, shape (300, 64, 64, 3), uint8
    phone_y : numpy.ndarray, shape (1, 300), int64; 1 = cat, 0 = non-cat
    classes : numpy.ndarray, shape (2,), bytes: ``[b'non-cat', b'cat']``
    """
    return _image_split("phone_catvnoncat.h5", "phone")


#: Columns of ``cat_tags.csv`` and their types (``datasets/cats.py`` writes them; a test checks both agree).
TAG_COLUMNS = {
    "set": str, "index": int, "label": int, "true_label": int, "wrong_label": bool,
    "kind": str, "pose": str, "object": str, "fur": str, "pattern": str, "dark_fur": bool, "background": str,
    "angle": float, "scale": float, "shift_x": float, "shift_y": float, "blur": float, "gamma": float,
    "noise": float, "exposure": float, "blurry": bool, "dim": bool, "casual": bool,
}
TAG_SETS = ("train", "test", "phone")


def load_cat_tags(set_name):
    """Load what was drawn in every picture of one cat set: the tags of the error analysis.

    Parameters
    ----------
    set_name : str
        ``"train"`` or ``"test"`` (the web pictures of ``load_cat_dataset``) or ``"phone"``
        (``load_phone_dataset``).

    Returns
    -------
    dict
        Column name -> numpy.ndarray of shape (m,), one entry per picture in file order:
        ``kind`` (``cat``, ``dog``, ``husky``, ``fox``, ``rabbit``, ``bear``, ``owl``, ``mouse``,
        ``object`` or ``landscape``), ``pose`` of a cat (``portrait``, ``sitting``, ``lying``),
        ``fur`` and ``dark_fur``, the framing (``angle``, ``scale``, ``shift_x``, ``shift_y``),
        ``blur``, ``exposure``, the phone shortcomings ``blurry``, ``dim`` and ``casual`` (bool),
        ``label`` (as in the data file), ``true_label`` and ``wrong_label``; ``datasets/README.md``
        describes every column.
    """
    import csv

    if set_name not in TAG_SETS:
        raise ValueError(f"set_name should be one of {TAG_SETS}, not {set_name!r}")
    path = _path("cat_tags.csv")
    try:
        with open(path, newline="", encoding="utf-8") as f:
            reader = csv.DictReader(f)
            if reader.fieldnames != list(TAG_COLUMNS):
                raise _broken(path, f"unexpected columns {reader.fieldnames}")
            rows = [row for row in reader if row["set"] == set_name]
    except (OSError, UnicodeDecodeError, csv.Error) as error:
        raise _broken(path, error) from None
    if not rows:
        raise _broken(path, f"no rows for the set {set_name!r}")
    convert = {int: int, float: float, str: str, bool: lambda text: text == "1"}
    try:
        return {name: np.array([convert[kind](row[name]) for row in rows]) for name, kind in TAG_COLUMNS.items()}
    except (TypeError, ValueError) as error:
        raise _broken(path, error) from None


def load_cat_model():
    """Load the trained 4-layer cat network of ``05_deep_nn_application`` (``cat_model.h5``).

    The parameters your ``L_layer_model`` reaches in notebook 05 (layers [12288, 20, 7, 5, 1], 2500
    iterations on the web training pictures), stored as float32 and returned as float64.

    Returns
    -------
    dict
        ``W1`` (20, 12288), ``b1`` (20, 1), ``W2`` (7, 20), ``b2`` (7, 1), ``W3`` (5, 7), ``b3`` (5, 1),
        ``W4`` (1, 5), ``b4`` (1, 1).
    """
    shapes = {"W1": (20, 12288), "b1": (20, 1), "W2": (7, 20), "b2": (7, 1),
              "W3": (5, 7), "b3": (5, 1), "W4": (1, 5), "b4": (1, 1)}
    arrays = _read_h5("cat_model.h5", list(shapes))
    for key, shape in shapes.items():
        if arrays[key].shape != shape:
            raise _broken(data_dir() / "cat_model.h5", f"{key} has shape {arrays[key].shape}, not {shape}")
    return {key: arrays[key].astype(np.float64) for key in shapes}


def load_signs_dataset():
    """Load the hand-sign pictures (digits 0 to 5).

    Returns
    -------
    train_x_orig : numpy.ndarray, shape (1080, 64, 64, 3), uint8
    train_y : numpy.ndarray, shape (1, 1080), int64 in 0..5
    test_x_orig : numpy.ndarray, shape (120, 64, 64, 3), uint8
    test_y : numpy.ndarray, shape (1, 120), int64
    classes : numpy.ndarray, shape (6,), the class values 0..5
    """
    return _load_image_dataset("train_signs.h5", "test_signs.h5")


def load_football_dataset():
    """Load the 2-D football positions (``data.mat``) of the regularization lesson.

    Returns
    -------
    train_X : numpy.ndarray, shape (2, 211)
    train_Y : numpy.ndarray, shape (1, 211), int64; 1 = a French player headed the ball
    test_X : numpy.ndarray, shape (2, 200)
    test_Y : numpy.ndarray, shape (1, 200), int64
    """
    path = _path("data.mat")
    try:
        data = scipy.io.loadmat(path)
    except Exception as error:  # scipy raises several types for a damaged file
        raise _broken(path, error) from None
    missing = [k for k in ("X", "y", "Xval", "yval") if k not in data]
    if missing:
        raise _broken(path, f"missing key(s) {missing}")
    return (data["X"].T, data["y"].T.astype(np.int64),
            data["Xval"].T, data["yval"].T.astype(np.int64))


def load_planar_dataset():
    """Generate the two-class "flower" of the planar lesson (400 points, 200 per class).

    Seeds the global generator with 1, as the curriculum's algorithm does.

    Returns
    -------
    X : numpy.ndarray, shape (2, 400)
    Y : numpy.ndarray, shape (1, 400), uint8; 0 = red, 1 = blue
    """
    np.random.seed(1)
    m, n_per_class, max_ray = 400, 200, 4
    X = np.zeros((m, 2))
    Y = np.zeros((m, 1), dtype="uint8")
    for j in range(2):
        ix = range(n_per_class * j, n_per_class * (j + 1))
        t = np.linspace(j * 3.12, (j + 1) * 3.12, n_per_class) + np.random.randn(n_per_class) * 0.2
        r = max_ray * np.sin(4 * t) + np.random.randn(n_per_class) * 0.2
        X[ix] = np.c_[r * np.sin(t), r * np.cos(t)]
        Y[ix] = j
    return X.T, Y.T


def load_extra_datasets():
    """Generate the five extra 2-D sets of 200 points (from the global generator, unseeded).

    Returns
    -------
    tuple of (X, y) pairs, X of shape (200, 2) and y of shape (200,) (row-major, as sklearn gives):
    noisy_circles, noisy_moons, blobs (6 centres), gaussian_quantiles, no_structure
    """
    n = 200
    noisy_circles = sklearn.datasets.make_circles(n_samples=n, factor=.5, noise=.3)
    noisy_moons = sklearn.datasets.make_moons(n_samples=n, noise=.2)
    blobs = sklearn.datasets.make_blobs(n_samples=n, random_state=5, n_features=2, centers=6)
    gaussian_quantiles = sklearn.datasets.make_gaussian_quantiles(
        mean=None, cov=0.5, n_samples=n, n_features=2, n_classes=2, shuffle=True, random_state=None)
    no_structure = np.random.rand(n, 2), np.random.rand(n, 2)
    return noisy_circles, noisy_moons, blobs, gaussian_quantiles, no_structure


def load_circles_dataset():
    """Generate the initialization lesson's circles: 300 train points (seed 1), 100 test (seed 2).

    Returns
    -------
    train_X : shape (2, 300); train_Y : shape (1, 300); test_X : shape (2, 100); test_Y : shape (1, 100)
    """
    np.random.seed(1)
    train_X, train_Y = sklearn.datasets.make_circles(n_samples=300, noise=.05)
    np.random.seed(2)
    test_X, test_Y = sklearn.datasets.make_circles(n_samples=100, noise=.05)
    return train_X.T, train_Y.reshape(1, -1), test_X.T, test_Y.reshape(1, -1)


def load_moons_dataset():
    """Generate the optimization lesson's moons: 300 points after seeding the generator with 3.

    Returns
    -------
    train_X : shape (2, 300); train_Y : shape (1, 300)
    """
    np.random.seed(3)
    train_X, train_Y = sklearn.datasets.make_moons(n_samples=300, noise=.2)
    return train_X.T, train_Y.reshape(1, -1)


def load_own_image(filename, num_px=64):
    """Load a picture of your own for "try your own image", resized to ``num_px`` x ``num_px``.

    ``filename`` is looked up as given (relative to the notebook's folder), then in the folders of
    ``utils.paths.image_dirs``: the course's ``datasets/images/``, where it ships a few examples, and
    ``<DL_COURSE_DATA>/images/`` when the data files live elsewhere.

    Returns
    -------
    numpy.ndarray, shape (num_px, num_px, 3), uint8
    """
    from PIL import Image

    candidates = [Path(filename)] + [folder / filename for folder in image_dirs()]
    path = next((p for p in candidates if p.is_file()), None)
    if path is None:
        folders = " or ".join(str(folder) for folder in image_dirs())
        raise FileNotFoundError(f"No picture named {filename!r}: put it next to this notebook or in {folders}.")
    with Image.open(path) as image:
        resized = image.convert("RGB").resize((num_px, num_px), Image.LANCZOS)
    return np.asarray(resized, dtype=np.uint8)
