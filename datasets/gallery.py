"""Sample sheets of the image sets (``datasets/gallery/*.png``), to judge the data at a glance."""
import numpy as np
from PIL import Image, ImageDraw, ImageFont

from datasets import cats

#: Each picture is shown this many times larger, with a caption strip under it.
ZOOM, CAPTION, GAP = 2, 18, 6


def _font():
    return ImageFont.load_default(size=13)


def contact_sheet(pictures, captions, columns, colours=None):
    """A grid of enlarged pictures with a caption under each.

    Parameters
    ----------
    pictures : numpy.ndarray, shape (n, 64, 64, 3), uint8
    captions : list of str, length n
    columns : int
    colours : list of RGB tuples, length n, optional (caption colours)

    Returns
    -------
    PIL.Image.Image
    """
    n, side = len(pictures), pictures.shape[1] * ZOOM
    rows = -(-n // columns)
    cell_w, cell_h = side + GAP, side + CAPTION + GAP
    sheet = Image.new("RGB", (columns * cell_w + GAP, rows * cell_h + GAP), (255, 255, 255))
    draw = ImageDraw.Draw(sheet)
    font = _font()
    for k in range(n):
        x, y = GAP + (k % columns) * cell_w, GAP + (k // columns) * cell_h
        sheet.paste(Image.fromarray(pictures[k]).resize((side, side), Image.NEAREST), (x, y))
        colour = colours[k] if colours else (0, 0, 0)
        draw.text((x + side / 2, y + side + 2), captions[k], fill=colour, font=font, anchor="mt")
    return sheet


def cats_sheet(x, y, classes, count=40, columns=8):
    """The first ``count`` training pictures with their class names (cats in green)."""
    names = [classes[int(label)].decode() for label in y[:count]]
    colours = [(0, 130, 0) if label else (90, 90, 90) for label in y[:count]]
    return contact_sheet(x[:count], names, columns, colours)


def phone_sheet(x, tags, count=40, columns=8):
    """The first ``count`` phone pictures, captioned with their true class and shortcomings (cats in green)."""
    captions, colours = [], []
    for drawn in tags[:count]:
        flaws = [word for key, word in (("blurry", "blur"), ("dim", "dim"), ("casual", "framing")) if drawn[key]]
        captions.append(("cat" if drawn["kind"] == "cat" else "other") + (": " + " ".join(flaws) if flaws else ""))
        colours.append((0, 130, 0) if drawn["kind"] == "cat" else (90, 90, 90))
    return contact_sheet(x[:count], captions, columns, colours)


def signs_sheet(x, y, per_class=8):
    """``per_class`` pictures of each sign, one row per class, captioned with the finger count."""
    picks = np.concatenate([np.flatnonzero(y == c)[:per_class] for c in range(6)])
    return contact_sheet(x[picks], [f"{int(c)} fingers" if c != 1 else "1 finger" for c in y[picks]],
                         per_class)


def write_galleries(files, out_dir):
    """Write ``cats.png`` and/or ``signs.png`` for the image files in ``files``.

    Parameters
    ----------
    files : dict
        File name -> {h5 key: array}, as built by ``datasets.build``.
    out_dir : pathlib.Path
        Folder that receives the PNG files.

    Returns
    -------
    list of pathlib.Path
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    if "train_catvnoncat.h5" in files:
        train = files["train_catvnoncat.h5"]
        path = out_dir / "cats.png"
        cats_sheet(train["train_set_x"], train["train_set_y"], train["list_classes"]).save(path, optimize=True)
        written.append(path)
    if cats.PHONE_FILE in files:
        x, _, _, tags = cats.phone_pool()  # redrawn for the captions (the file holds no tags)
        path = out_dir / "phone.png"
        phone_sheet(x, tags).save(path, optimize=True)
        written.append(path)
    if "train_signs.h5" in files:
        train = files["train_signs.h5"]
        path = out_dir / "signs.png"
        signs_sheet(train["train_set_x"], train["train_set_y"]).save(path, optimize=True)
        written.append(path)
    return written
