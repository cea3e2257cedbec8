"""Rebuild every data file of the course from its generator (``./course data``).

    python -m datasets.build                      # all files into datasets/, plus datasets/gallery/
    python -m datasets.build --only cats          # one dataset (cats, signs, football, images, phone, tags or model)
    python -m datasets.build --out /tmp/data      # somewhere else (the tests compare with the shipped files)

The arrays are the same on every run and every machine: each generator draws from a seeded NumPy
``Generator``, and the files are written with fixed settings (no time stamps, fixed chunking and
compression), so the bytes do not change either. ``images`` are the example pictures of the
notebooks' "try your own image" cells, written as PNG files to ``datasets/images/``. ``phone`` is the
pool of phone pictures of the ML-strategy lessons, ``tags`` the CSV file of what was drawn in every
cat-set picture, and ``model`` the reference 4-layer cat network (trained, so it takes about half a
minute; its bytes are the same on the same NumPy and BLAS, see ``datasets/cat_model.py``).
"""
import argparse
import os
import tempfile
import time
from pathlib import Path

import h5py
import numpy as np
from PIL import Image

from datasets import cat_model, cats, football, signs
from datasets.gallery import write_galleries

#: The folder of this package: the shipped files live next to their code.
HERE = Path(__file__).resolve().parent
BUILDERS = {"cats": cats.build, "signs": signs.build, "football": football.build, "images": cats.build_samples,
            "phone": cats.build_phone, "tags": cats.build_tags, "model": cat_model.build}
#: Images are compressed in chunks of this many pictures (gzip, level 9; h5py reads it as is).
IMAGES_PER_CHUNK = 16


def write_h5(path, arrays):
    """Write ``{key: array}`` to an HDF5 file whose bytes depend only on the arrays.

    Image stacks (4-D arrays) are gzip-compressed in chunks; small arrays are stored as they are.
    """
    with h5py.File(path, "w", track_order=False) as f:
        for key in sorted(arrays):
            array = np.asarray(arrays[key])
            if array.ndim == 4:
                chunks = (min(IMAGES_PER_CHUNK, len(array)),) + array.shape[1:]
                f.create_dataset(key, data=array, chunks=chunks, compression="gzip", compression_opts=9,
                                 track_times=False)
            else:
                f.create_dataset(key, data=array, track_times=False)


def write_file(path, arrays):
    """Write one data file atomically: a half-written file never replaces a good one.

    ``arrays`` is ``{key: array}`` for a ``.h5`` or ``.mat`` file, one (h, w, 3) uint8 picture for a ``.png``
    (written without metadata, so its bytes depend only on the pixels), the text of a ``.csv`` file.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=path.suffix)
    os.close(handle)
    try:
        if path.suffix == ".mat":
            Path(tmp).write_bytes(football.mat_bytes(arrays))
        elif path.suffix == ".png":
            Image.fromarray(arrays).save(tmp, format="PNG", optimize=True)
        elif path.suffix == ".csv":
            Path(tmp).write_text(arrays, encoding="utf-8", newline="\n")
        else:
            write_h5(tmp, arrays)
        os.chmod(tmp, 0o644)  # mkstemp creates private files; data files are for everyone to read
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.remove(tmp)


def build(names, out_dir, gallery=True, log=print):
    """Build the datasets ``names`` into ``out_dir``; returns the paths written."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name in names:
        start = time.time()
        files = BUILDERS[name]()
        for filename, arrays in files.items():
            path = out_dir / filename
            write_file(path, arrays)
            written.append(path)
            log(f"{path}  {path.stat().st_size / 1e6:.2f} MB  ({time.time() - start:.1f} s)")
        if gallery:
            for path in write_galleries(files, out_dir / "gallery"):
                written.append(path)
                log(f"{path}  {path.stat().st_size / 1e6:.2f} MB")
    return written


def main(argv=None):
    parser = argparse.ArgumentParser(description="Rebuild the course's data files from their generators.")
    parser.add_argument("--only", choices=sorted(BUILDERS), action="append",
                        help="build only this dataset (may be repeated)")
    parser.add_argument("--out", type=Path, default=HERE, help=f"output folder (default {HERE})")
    parser.add_argument("--no-gallery", action="store_true", help="do not write the sample sheets")
    args = parser.parse_args(argv)
    start = time.time()
    build(args.only or list(BUILDERS), args.out, gallery=not args.no_gallery)
    print(f"done in {time.time() - start:.1f} s")


if __name__ == "__main__":
    main()
