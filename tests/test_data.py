"""The course's data: schema of every shipped file, the loaders, their errors, and determinism.

The shipped files under ``datasets/`` must be exactly what ``./course data`` builds. Rebuilding the
small files (cats, football, the example pictures, the phone pictures and the tags) is cheap, so they
are rebuilt in full and compared byte for byte; for
the hand signs a handful of pictures per split is redrawn (picture ``i`` depends only on the seed,
the split and ``i``) and compared with the shipped ones. The reference cat network is trained again
(half a minute) and compared with the shipped parameters.
"""
import h5py
import numpy as np
import pytest
import scipy.io
from PIL import Image

from datasets import build, cat_model, cats, signs
from datasets.drawing import picture_rng as drawing_rng
from utils import data
from utils.data import DatasetError
from utils.paths import COURSE_ROOT

pytestmark = pytest.mark.xdist_group("data")

SHIPPED = COURSE_ROOT / "datasets"

# file name -> {key: (shape, dtype)}
IMAGE_SCHEMA = {
    "train_catvnoncat.h5": {"train_set_x": ((209, 64, 64, 3), np.uint8), "train_set_y": ((209,), np.int64),
                            "list_classes": ((2,), np.dtype("S7"))},
    "test_catvnoncat.h5": {"test_set_x": ((50, 64, 64, 3), np.uint8), "test_set_y": ((50,), np.int64),
                           "list_classes": ((2,), np.dtype("S7"))},
    "train_signs.h5": {"train_set_x": ((1080, 64, 64, 3), np.uint8), "train_set_y": ((1080,), np.int64),
                       "list_classes": ((6,), np.int64)},
    "test_signs.h5": {"test_set_x": ((120, 64, 64, 3), np.uint8), "test_set_y": ((120,), np.int64),
                      "list_classes": ((6,), np.int64)},
    "phone_catvnoncat.h5": {"phone_set_x": ((300, 64, 64, 3), np.uint8), "phone_set_y": ((300,), np.int64),
                            "list_classes": ((2,), np.dtype("S7"))},
}
LOADERS = {
    "cats": (data.load_cat_dataset, "train_catvnoncat.h5"),
    "signs": (data.load_signs_dataset, "train_signs.h5"),
    "football": (data.load_football_dataset, "data.mat"),
    "phone": (data.load_phone_dataset, "phone_catvnoncat.h5"),
    "tags": (lambda: data.load_cat_tags("train"), "cat_tags.csv"),
    "model": (data.load_cat_model, "cat_model.h5"),
}
#: Rows of each set in the tags file, and the data file its labels must match.
TAG_SETS = {"train": (209, "train_catvnoncat.h5", "train_set_y"), "test": (50, "test_catvnoncat.h5", "test_set_y"),
            "phone": (300, "phone_catvnoncat.h5", "phone_set_y")}


def read_h5(path):
    with h5py.File(path, "r") as f:
        return {key: f[key][:] for key in f}


# ============================================================================ schema of the shipped files
@pytest.mark.parametrize("filename", sorted(IMAGE_SCHEMA))
def test_image_file_has_the_original_keys_shapes_and_dtypes(filename):
    arrays = read_h5(SHIPPED / filename)
    expected = IMAGE_SCHEMA[filename]
    assert sorted(arrays) == sorted(expected), f"{filename}: keys {sorted(arrays)}"
    for key, (shape, dtype) in expected.items():
        assert arrays[key].shape == shape, f"{filename}[{key}] has shape {arrays[key].shape}, not {shape}"
        assert arrays[key].dtype == dtype, f"{filename}[{key}] has dtype {arrays[key].dtype}, not {dtype}"


@pytest.mark.parametrize("filename, key, n_cats", [("train_catvnoncat.h5", "train_set_y", 72),
                                                   ("test_catvnoncat.h5", "test_set_y", 33)])
def test_cat_files_have_the_original_classes_and_balance(filename, key, n_cats):
    arrays = read_h5(SHIPPED / filename)
    assert arrays["list_classes"].tolist() == [b"non-cat", b"cat"]
    assert set(np.unique(arrays[key])) == {0, 1}
    assert int(arrays[key].sum()) == n_cats


@pytest.mark.parametrize("filename, key, per_class", [("train_signs.h5", "train_set_y", 180),
                                                      ("test_signs.h5", "test_set_y", 20)])
def test_sign_files_are_balanced_over_six_classes(filename, key, per_class):
    arrays = read_h5(SHIPPED / filename)
    assert arrays["list_classes"].tolist() == [0, 1, 2, 3, 4, 5]
    assert np.bincount(arrays[key], minlength=6).tolist() == [per_class] * 6


@pytest.mark.parametrize("filename", sorted(IMAGE_SCHEMA))
def test_pictures_use_the_whole_range_and_are_not_duplicated(filename):
    x = next(v for k, v in read_h5(SHIPPED / filename).items() if k.endswith("_set_x"))
    assert x.min() < 20 and x.max() > 235, "pictures should have real shadows and highlights"
    flat = x.reshape(len(x), -1)
    assert len(np.unique(flat, axis=0)) == len(x), "two pictures are identical"


def test_football_file_has_the_original_keys_shapes_dtypes_and_balance():
    mat = scipy.io.loadmat(SHIPPED / "data.mat")
    assert sorted(k for k in mat if not k.startswith("__")) == ["X", "Xval", "y", "yval"]
    for x_key, y_key, n, positives in (("X", "y", 211, 106), ("Xval", "yval", 200, 87)):
        assert mat[x_key].shape == (n, 2) and mat[x_key].dtype == np.float64
        assert mat[y_key].shape == (n, 1) and mat[y_key].dtype == np.uint8
        assert set(np.unique(mat[y_key])) == {0, 1}
        assert int(mat[y_key].sum()) == positives
        x1, x2 = mat[x_key][:, 0], mat[x_key][:, 1]
        assert -0.7 < x1.min() and x1.max() < 0.4, "x1 should stay in about [-0.6, 0.3]"
        assert -0.75 < x2.min() and x2.max() < 0.65, "x2 should stay in about [-0.66, 0.57]"


def test_phone_file_has_half_cats_and_a_few_wrong_labels():
    """150 of the 300 phone pictures are cats; 15 labels are delivered wrong, and the tags say which."""
    labels = read_h5(SHIPPED / "phone_catvnoncat.h5")["phone_set_y"]
    tags = data.load_cat_tags("phone")
    assert int(tags["true_label"].sum()) == cats.PHONE_CATS == 150
    assert int(tags["wrong_label"].sum()) == cats.PHONE_WRONG_LABELS == 15
    np.testing.assert_array_equal(labels != tags["true_label"], tags["wrong_label"])
    np.testing.assert_array_equal(np.flatnonzero(tags["wrong_label"]), cats.wrong_label_positions(cats.SEED))


def test_phone_pictures_have_each_shortcoming_in_a_fair_share():
    tags = data.load_cat_tags("phone")
    for column in ("blurry", "dim", "casual"):
        assert 0.3 < tags[column].mean() < 0.6, f"{column}: {tags[column].mean():.2f} of the phone pictures"
    assert tags["blur"][tags["blurry"]].min() > 1.5 > tags["blur"][~tags["blurry"]].max()
    assert np.all(tags["exposure"][~tags["dim"]] == 1.0) and np.all(tags["exposure"][tags["dim"]] < 1.0)


def test_football_positives_sit_upper_left_of_a_diagonal():
    mat = scipy.io.loadmat(SHIPPED / "data.mat")
    X, y = mat["X"], mat["y"].ravel()
    side = X[:, 1] - X[:, 0] > 0  # above the diagonal x2 = x1
    agreement = np.mean(side == (y == 1))
    assert 0.75 < agreement < 0.97, f"a plain diagonal should explain most labels, not all ({agreement:.2f})"


# ============================================================================ loaders
def test_cat_loader_shapes():
    train_x, train_y, test_x, test_y, classes = data.load_cat_dataset()
    assert train_x.shape == (209, 64, 64, 3) and train_x.dtype == np.uint8
    assert train_y.shape == (1, 209) and train_y.dtype == np.int64
    assert test_x.shape == (50, 64, 64, 3) and test_y.shape == (1, 50)
    assert classes.tolist() == [b"non-cat", b"cat"]
    assert train_x.reshape(209, -1).T.shape == (12288, 209)


def test_signs_loader_shapes():
    train_x, train_y, test_x, test_y, classes = data.load_signs_dataset()
    assert train_x.shape == (1080, 64, 64, 3) and train_y.shape == (1, 1080)
    assert test_x.shape == (120, 64, 64, 3) and test_y.shape == (1, 120)
    assert classes.tolist() == list(range(6))
    assert np.eye(6)[train_y.reshape(-1)].T.shape == (6, 1080)


def test_phone_loader_shapes():
    phone_x, phone_y, classes = data.load_phone_dataset()
    assert phone_x.shape == (300, 64, 64, 3) and phone_x.dtype == np.uint8
    assert phone_y.shape == (1, 300) and phone_y.dtype == np.int64
    assert classes.tolist() == [b"non-cat", b"cat"]


@pytest.mark.parametrize("set_name", sorted(TAG_SETS))
def test_tags_have_one_row_per_picture_and_its_label(set_name):
    n, filename, key = TAG_SETS[set_name]
    tags = data.load_cat_tags(set_name)
    assert sorted(tags) == sorted(data.TAG_COLUMNS)
    assert all(len(column) == n for column in tags.values())
    np.testing.assert_array_equal(tags["index"], np.arange(n))
    np.testing.assert_array_equal(tags["label"], read_h5(SHIPPED / filename)[key])
    assert tags["dark_fur"].dtype == bool and tags["blur"].dtype == np.float64 and tags["label"].dtype == np.int64
    kinds = set(tags["kind"].tolist())
    assert kinds <= {"cat"} | set(cats.NON_CAT_KINDS), kinds
    np.testing.assert_array_equal(tags["kind"] == "cat", tags["true_label"] == 1)
    cat_poses = set(tags["pose"][tags["kind"] == "cat"].tolist())
    assert cat_poses <= {"portrait", "sitting", "lying"} and "" not in cat_poses


def test_tag_columns_agree_between_the_builder_and_the_loader():
    assert data.TAG_COLUMNS == cats.TAG_COLUMNS


def test_web_pictures_have_no_phone_shortcomings_or_wrong_labels():
    for set_name in ("train", "test"):
        tags = data.load_cat_tags(set_name)
        for column in ("blurry", "dim", "casual", "wrong_label"):
            assert not tags[column].any(), f"{set_name}: {column}"


def test_unknown_tag_set_is_named():
    with pytest.raises(ValueError, match="'dev'"):
        data.load_cat_tags("dev")


def test_cat_model_is_the_05_network_and_reaches_its_accuracies():
    """The shipped parameters give notebook 05's accuracies: 100 % on the training and 82 % on the test pictures."""
    parameters = data.load_cat_model()
    assert [parameters[f"W{l}"].shape for l in range(1, 5)] == [(20, 12288), (7, 20), (5, 7), (1, 5)]
    train_x, train_y, test_x, test_y, _ = data.load_cat_dataset()
    for x, y, accuracy in ((train_x, train_y, 1.0), (test_x, test_y, 0.82)):
        predicted = cat_model.predictions(cat_model.flatten(x), parameters)
        assert np.mean(predicted == y) == pytest.approx(accuracy)


def test_football_loader_shapes():
    train_X, train_Y, test_X, test_Y = data.load_football_dataset()
    assert train_X.shape == (2, 211) and train_Y.shape == (1, 211)
    assert test_X.shape == (2, 200) and test_Y.shape == (1, 200)
    assert int(train_Y.sum()) == 106 and int(test_Y.sum()) == 87


@pytest.mark.parametrize("filename", sorted(cats.SAMPLES))
def test_example_pictures_are_large_and_load_at_64_pixels(filename):
    """The "try your own image" examples are bigger than 64 px, so ``load_own_image`` really resizes them."""
    path = SHIPPED / "images" / filename
    assert path.is_file(), f"{path} is missing: run `./course data --only images`"
    with Image.open(path) as image:
        assert image.mode == "RGB" and image.size == (cats.SAMPLE_SIZE, cats.SAMPLE_SIZE)
    picture = data.load_own_image(filename)
    assert picture.shape == (64, 64, 3) and picture.dtype == np.uint8
    assert picture.std() > 20, "the example should show something, not a flat colour"


@pytest.mark.parametrize("filename", sorted(cats.SAMPLES))
def test_example_pictures_are_found_when_the_data_files_live_elsewhere(filename, tmp_path, monkeypatch):
    """An instructor's DL_COURSE_DATA holds data files, not the course's example pictures."""
    monkeypatch.setenv("DL_COURSE_DATA", str(tmp_path))
    monkeypatch.chdir(tmp_path)
    np.testing.assert_array_equal(data.load_own_image(filename), _load_unset(filename, monkeypatch))


def _load_unset(filename, monkeypatch):
    with monkeypatch.context() as m:
        m.delenv("DL_COURSE_DATA")
        return data.load_own_image(filename)


def test_a_picture_in_the_data_folder_comes_first_and_a_missing_one_names_every_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("DL_COURSE_DATA", str(tmp_path))
    monkeypatch.chdir(tmp_path)
    (tmp_path / "images").mkdir()
    Image.new("RGB", (80, 80), (200, 30, 30)).save(tmp_path / "images" / "my_cat.png")
    assert tuple(data.load_own_image("my_cat.png")[0, 0]) == (200, 30, 30)
    with pytest.raises(FileNotFoundError) as error:
        data.load_own_image("nowhere.png")
    assert str(tmp_path / "images") in str(error.value) and str(SHIPPED / "images") in str(error.value)


@pytest.mark.parametrize("name", sorted(LOADERS))
def test_missing_file_names_the_file_and_the_rebuild_command(name, tmp_path, monkeypatch):
    monkeypatch.setenv("DL_COURSE_DATA", str(tmp_path))
    loader, filename = LOADERS[name]
    with pytest.raises(DatasetError) as error:
        loader()
    assert filename in str(error.value) and "./course data" in str(error.value)


@pytest.mark.parametrize("name", sorted(LOADERS))
def test_corrupt_file_names_the_file_and_the_rebuild_command(name, tmp_path, monkeypatch):
    monkeypatch.setenv("DL_COURSE_DATA", str(tmp_path))
    loader, filename = LOADERS[name]
    (tmp_path / filename).write_bytes(b"this is not a data file\x00\x01\x02" * 20)
    with pytest.raises(DatasetError) as error:
        loader()
    assert filename in str(error.value) and "./course data" in str(error.value)


def test_image_file_with_a_missing_key_is_reported(tmp_path, monkeypatch):
    monkeypatch.setenv("DL_COURSE_DATA", str(tmp_path))
    with h5py.File(tmp_path / "train_catvnoncat.h5", "w") as f:
        f.create_dataset("train_set_x", data=np.zeros((2, 64, 64, 3), np.uint8))
    with pytest.raises(DatasetError, match="train_catvnoncat.h5.*missing key.*./course data"):
        data.load_cat_dataset()


def test_football_file_with_a_missing_key_is_reported(tmp_path, monkeypatch):
    monkeypatch.setenv("DL_COURSE_DATA", str(tmp_path))
    scipy.io.savemat(tmp_path / "data.mat", {"X": np.zeros((3, 2)), "y": np.zeros((3, 1), np.uint8)})
    with pytest.raises(DatasetError, match="data.mat.*missing key.*./course data"):
        data.load_football_dataset()


# ============================================================================ determinism
@pytest.mark.parametrize("name, files", [("cats", ["train_catvnoncat.h5", "test_catvnoncat.h5"]),
                                         ("football", ["data.mat"]),
                                         ("images", [f"images/{name}" for name in cats.SAMPLES]),
                                         ("phone", [cats.PHONE_FILE]),
                                         ("tags", [cats.TAGS_FILE])])
def test_rebuild_reproduces_the_shipped_files_byte_for_byte(name, files, tmp_path):
    build.build([name], tmp_path, gallery=False, log=lambda line: None)
    for filename in files:
        assert (tmp_path / filename).read_bytes() == (SHIPPED / filename).read_bytes(), (
            f"{filename} differs from a fresh build: run `./course data` and commit the result")


@pytest.mark.parametrize("filename, prefix, split, per_class", signs.SPLITS)
def test_sign_pictures_redraw_identically(filename, prefix, split, per_class):
    shipped = read_h5(SHIPPED / filename)
    labels = signs.split_labels(signs.SEED, split, per_class)
    np.testing.assert_array_equal(labels, shipped[f"{prefix}_set_y"])
    indices = [0, 1, 2, 3, 4, 5, 6, 7, len(labels) - 1]
    x, y = signs.build_split(signs.SEED, split, per_class, indices=indices)
    np.testing.assert_array_equal(x, shipped[f"{prefix}_set_x"][indices])
    np.testing.assert_array_equal(y, shipped[f"{prefix}_set_y"][indices])


def test_recording_tags_does_not_change_a_picture():
    """Tags are noted while drawing, from the same generator draws: the pictures stay those of the shipped files."""
    labels = cats.split_labels(cats.SEED, 0, 209, 72)
    shipped = read_h5(SHIPPED / "train_catvnoncat.h5")["train_set_x"]
    for i in range(6):
        tags = {}
        picture = cats.make_picture(drawing_rng(cats.SEED, 0, i), bool(labels[i]), tags)
        np.testing.assert_array_equal(picture, shipped[i])
        assert (tags["kind"] == "cat") == bool(labels[i]) and {"blur", "background", "angle"} <= set(tags)


@pytest.mark.slow
def test_retraining_the_cat_network_gives_the_shipped_parameters():
    """The reference network trained again (about half a minute) matches the shipped float32 parameters.

    The same NumPy and BLAS give the same bytes; the comparison allows for a BLAS that rounds a few
    products differently.
    """
    parameters = cat_model.build()[cat_model.MODEL_FILE]
    shipped = read_h5(SHIPPED / cat_model.MODEL_FILE)
    assert sorted(parameters) == sorted(shipped)
    for key, value in parameters.items():
        assert value.dtype == np.float32 and shipped[key].dtype == np.float32
        np.testing.assert_allclose(value, shipped[key], rtol=1e-4, atol=1e-6, err_msg=key)


def test_a_picture_depends_only_on_seed_split_and_index():
    """Drawing picture 5 alone gives the same pixels as drawing it among others (so tests may redraw a few)."""
    alone, _ = cats.build_split(cats.SEED, 0, 209, 72, indices=[5])
    among, _ = cats.build_split(cats.SEED, 0, 209, 72, indices=[3, 4, 5])
    np.testing.assert_array_equal(alone[0], among[2])
    other_seed, _ = cats.build_split(cats.SEED + 1, 0, 209, 72, indices=[5])
    assert not np.array_equal(alone, other_seed)


def test_h5_writer_gives_stable_bytes(tmp_path):
    arrays = {"train_set_x": np.arange(2 * 64 * 64 * 3, dtype=np.uint8).reshape(2, 64, 64, 3),
              "train_set_y": np.array([0, 1], dtype=np.int64)}
    build.write_h5(tmp_path / "a.h5", arrays)
    build.write_h5(tmp_path / "b.h5", arrays)
    assert (tmp_path / "a.h5").read_bytes() == (tmp_path / "b.h5").read_bytes()


# ============================================================================ generated 2-D sets
def test_flower_has_400_points_200_per_class_and_is_reproducible():
    X, Y = data.load_planar_dataset()
    assert X.shape == (2, 400) and Y.shape == (1, 400)
    assert np.bincount(Y.ravel()).tolist() == [200, 200]
    X2, Y2 = data.load_planar_dataset()
    np.testing.assert_array_equal(X, X2)
    np.testing.assert_array_equal(Y, Y2)


def test_extra_planar_sets_have_200_points_each():
    sets = data.load_extra_datasets()
    assert len(sets) == 5
    for X, y in sets:
        # The last set ("no structure") pairs random points with random values, as the original does.
        assert X.shape == (200, 2) and len(y) == 200


def test_circles_shapes_and_reproducibility():
    first = data.load_circles_dataset()
    shapes = [a.shape for a in first]
    assert shapes == [(2, 300), (1, 300), (2, 100), (1, 100)]
    assert np.bincount(first[1].ravel()).tolist() == [150, 150]
    for a, b in zip(first, data.load_circles_dataset()):
        np.testing.assert_array_equal(a, b)


def test_moons_shapes_and_reproducibility():
    X, Y = data.load_moons_dataset()
    assert X.shape == (2, 300) and Y.shape == (1, 300)
    assert np.bincount(Y.ravel()).tolist() == [150, 150]
    X2, Y2 = data.load_moons_dataset()
    np.testing.assert_array_equal(X, X2)
