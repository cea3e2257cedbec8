"""Hand signs 0 to 5: the course's own stand-in for ``train_signs.h5`` and ``test_signs.h5``.

Each picture shows one hand, palm towards the camera, holding up as many fingers as its label (0 is
a fist). Hands vary in skin tone, left or right, finger length and spread, which fingers make the
count (3 may be index-middle-ring or thumb-index-middle), rotation, size and position, sleeve and
background. Picture ``i`` of a split depends only on ``(seed, split, i)``; the labels of a split
are a seeded permutation with the same number of pictures per class.
"""
import math

import numpy as np
from PIL import Image

from datasets import drawing as dr

#: Seed of the shipped files.
SEED = 1
#: (file name, h5 prefix, split code, pictures per class)
SPLITS = (("train_signs.h5", "train", 0, 180), ("test_signs.h5", "test", 1, 20))
CLASSES = np.arange(6, dtype=np.int64)

#: Framing of the hand: tilt (degrees), size factor, offset (canvas pixels); tone curve; share of plain walls.
ANGLE_SD, SCALE_RANGE, SHIFT_SD = 5, (1.05, 1.25), 2
GAMMA_RANGE = (1.4, 2.0)
PLAIN_WALLS = 0.9
SKIN_TONES = [(255, 224, 196), (241, 194, 155), (224, 172, 125), (198, 140, 90), (160, 105, 65),
              (125, 82, 55), (105, 68, 46)]
#: The fingers held up for each count: 0 = thumb, 1 = index, 2 = middle, 3 = ring, 4 = little finger.
FINGER_SETS = {
    0: [()],
    1: [(1,), (1,), (1,), (2,)],
    2: [(1, 2), (1, 2), (1, 2), (0, 1)],
    3: [(1, 2, 3), (1, 2, 3), (1, 2, 3), (0, 1, 2)],
    4: [(1, 2, 3, 4)],
    5: [(0, 1, 2, 3, 4)],
}


def pick_fingers(rng, count):
    """Which fingers are up, for ``count`` fingers (a tuple of finger numbers)."""
    options = FINGER_SETS[count]
    return options[rng.integers(len(options))]


def finger_geometry(rng):
    """Base point, direction (degrees from straight up) and length of each finger, for an upright hand.

    Returns
    -------
    list of 5 tuples (x, y, angle, length, width), thumb first, for a right hand seen palm-on.
    """
    spread = rng.uniform(0.9, 1.8)
    long = rng.uniform(0.85, 1.15)
    width = rng.uniform(8.5, 10.5)
    fingers = [(44, 86, -55 - 10 * spread + rng.normal(0, 5), 24 * long, width + 1.5)]
    for x, length, angle in ((50, 31, -12), (60.5, 34, -4), (70.5, 32, 4), (80, 25, 12)):
        fingers.append((x, 62, angle * spread + rng.normal(0, 2.5), length * long * rng.uniform(0.95, 1.05), width))
    return fingers


def tip_of(x, y, angle, length):
    a = math.radians(angle)
    return x + length * math.sin(a), y - length * math.cos(a)


def draw_finger(draw, x, y, angle, length, width, skin, edge, nail):
    """An extended finger: dark edge, skin, a nail near the tip."""
    tip = tip_of(x, y, angle, length)
    dr.stroke(draw, (x, y), tip, width + 2.5, edge)
    dr.stroke(draw, (x, y), tip, width, skin)
    nx, ny = tip_of(x, y, angle, length - width * 0.45)
    dr.rotated_ellipse(draw, nx, ny, width * 0.28, width * 0.38, angle, nail)


def draw_folded_finger(draw, x, y, angle, width, skin, edge):
    """A finger curled into the palm: only its knuckle shows above the palm."""
    tip = tip_of(x, y, angle, 6)
    dr.stroke(draw, (x, y + 4), tip, width + 2.5, edge)
    dr.stroke(draw, (x, y + 4), tip, width, skin)


def draw_hand(rng, count):
    """A hand holding up ``count`` fingers, upright and centred, on a transparent layer.

    Returns
    -------
    PIL.Image.Image, RGBA, CANVAS x CANVAS
    """
    layer, draw = dr.new_layer()
    skin = dr.jitter_colour(rng, SKIN_TONES[rng.integers(len(SKIN_TONES))], 10)
    edge = dr.shade(skin, 0.6)
    nail = dr.shade(skin, 1.3)
    up = set(pick_fingers(rng, count))
    fingers = finger_geometry(rng)
    sleeve = dr.random_colour(rng, 20, 220)
    # Forearm and sleeve run down out of the picture.
    draw.rounded_rectangle((48, 96, 80, 140), 8, fill=edge)
    draw.rounded_rectangle((50, 96, 78, 140), 8, fill=skin)
    if rng.random() < 0.7:
        draw.rectangle((42, rng.uniform(110, 122), 86, 140), fill=sleeve)
    # Palm, with the curled fingers drawn first so that the palm covers their lower half.
    for i in range(1, 5):
        if i not in up:
            x, y, angle, _, width = fingers[i]
            draw_folded_finger(draw, x, y, angle, width, skin, edge)
    draw.rounded_rectangle((44.5, 58.5, 85.5, 101.5), 14, fill=edge)
    draw.rounded_rectangle((46, 60, 84, 100), 13, fill=skin)
    draw.line([(54, 90), (72, 84)], fill=dr.shade(skin, 0.85), width=2)
    x, y, angle, length, width = fingers[0]
    if 0 in up:
        draw_finger(draw, x, y, angle, length, width, skin, edge, nail)
    else:
        # A thumb folded across the palm (over the curled fingers for a fist).
        tip = (64 + rng.uniform(-4, 6), 72 if count == 0 else 80)
        dr.stroke(draw, (x + 2, y), tip, width + 2.5, edge)
        dr.stroke(draw, (x + 2, y), tip, width, skin)
    for i in range(1, 5):
        if i in up:
            x, y, angle, length, width = fingers[i]
            draw_finger(draw, x, y, angle, length, width, skin, edge, nail)
    if rng.random() < 0.5:
        layer = layer.transpose(Image.Transpose.FLIP_LEFT_RIGHT)  # a left hand
    return layer


def make_picture(rng, count):
    """One 64x64 picture of a hand showing ``count`` fingers.

    Returns
    -------
    numpy.ndarray, shape (64, 64, 3), uint8
    """
    background = signs_background(rng)
    hand = draw_hand(rng, count)
    dr.place(background, hand, angle=rng.normal(0, ANGLE_SD), scale=rng.uniform(*SCALE_RANGE),
             shift=(rng.normal(0, SHIFT_SD), rng.normal(8, SHIFT_SD)))
    return dr.finish(background, rng, noise=rng.uniform(2, 5), blur=rng.uniform(0.0, 0.7),
                     gamma=rng.uniform(*GAMMA_RANGE))


def signs_background(rng):
    """A wall behind the hand (as in a photo session), sometimes a textured or outdoor scene."""
    if rng.random() < PLAIN_WALLS:
        base = dr.jitter_colour(rng, dr.HOUSE_COLOURS[rng.integers(len(dr.HOUSE_COLOURS))], 25)
        return dr.to_image(dr.background_wall(rng, base))
    return dr.random_background(rng)


def split_labels(seed, split, per_class):
    """Labels of one split: ``per_class`` of each of 0..5 in a seeded random order.

    Returns
    -------
    numpy.ndarray, shape (6 * per_class,), int64
    """
    rng = np.random.default_rng([seed, split, 1_000_000])
    return rng.permutation(np.repeat(CLASSES, per_class)).astype(np.int64)


def build_split(seed, split, per_class, indices=None):
    """Pictures and labels of one split (or only the pictures at ``indices``).

    Returns
    -------
    x : numpy.ndarray, shape (len(indices), 64, 64, 3), uint8
    y : numpy.ndarray, shape (len(indices),), int64
    """
    labels = split_labels(seed, split, per_class)
    return dr.draw_split(lambda rng, label: make_picture(rng, int(label)), seed, split, labels, indices)


def build(seed=SEED):
    """Every array of both sign files.

    Returns
    -------
    dict
        File name -> {h5 key: array}.
    """
    files = {}
    for filename, prefix, split, per_class in SPLITS:
        x, y = build_split(seed, split, per_class)
        files[filename] = {f"{prefix}_set_x": x, f"{prefix}_set_y": y, "list_classes": CLASSES}
    return files
