"""Cat / non-cat pictures: the course's own stand-in for ``train_catvnoncat.h5`` and ``test_catvnoncat.h5``.

A cat is drawn as a face portrait, a sitting cat or a lying cat, with triangular ears, almond eyes
with slit pupils, a small nose and whiskers, in natural fur colours and patterns (solid, tabby,
bicolour, tuxedo, calico, colourpoint). A non-cat is another animal, some of them close look-alikes
(a fox or a husky also has pointed ears, an owl has ear tufts and big eyes, a rabbit and a mouse
have whiskers), or an object or a landscape. Subjects sit roughly in the middle of the picture, as in
a photo someone took on purpose, on varied indoor and outdoor backgrounds.

Picture ``i`` of a split depends only on ``(seed, split, i)``; the labels of a split are a seeded
permutation with a fixed number of cats.
"""
import math

import numpy as np
from PIL import Image, ImageDraw, ImageFilter

from datasets import drawing as dr
from datasets.drawing import CANVAS

#: Seed of the shipped files.
SEED = 7
#: (file name, h5 prefix, split code, number of pictures, number of cats)
SPLITS = (("train_catvnoncat.h5", "train", 0, 209, 72),
          ("test_catvnoncat.h5", "test", 1, 50, 33))
CLASSES = np.array([b"non-cat", b"cat"], dtype="S7")

# Natural fur colours, shared by the cats and their look-alikes so that colour alone gives little away.
FUR = {
    "ginger": (212, 135, 62), "cream": (232, 205, 160), "black": (38, 34, 33), "grey": (128, 128, 134),
    "white": (236, 233, 226), "brown": (122, 90, 62), "silver": (176, 174, 168), "chocolate": (92, 62, 44),
    "golden": (205, 160, 90), "sandy": (190, 160, 120),
}
CAT_FUR = ["ginger", "cream", "black", "grey", "white", "brown", "silver", "chocolate", "golden", "sandy"]
CAT_PATTERNS = ["solid", "tabby", "tabby", "bicolour", "tuxedo", "calico", "colourpoint"]
EYE_COLOURS = [(120, 170, 60), (200, 180, 50), (215, 140, 40), (90, 150, 200), (150, 160, 70)]
NOSE_PINK = (215, 130, 135)
INNER_EAR = (225, 160, 160)

#: The fox's own red, beside the shared fur colours.
FOX_RED = (200, 95, 40)

#: What a non-cat is, with its share of the non-cats.
NON_CAT_KINDS = {"dog": 0.17, "husky": 0.09, "fox": 0.09, "rabbit": 0.08, "bear": 0.07, "owl": 0.08,
                 "mouse": 0.07, "object": 0.25, "landscape": 0.10}


#: How the subject is framed: tilt (degrees), size factor, offset of the centre (canvas pixels).
ANGLE_SD, SCALE_RANGE, SHIFT_SD = 5, (0.85, 1.15), 3
#: Shares of cat portraits, sitting cats and lying cats.
POSES = [0.8, 0.12, 0.08]


# ============================================================================ tags
def record(tags, **attributes):
    """Note drawn attributes in ``tags`` (a dict), when the caller asked for them (``tags`` is not None).

    The drawing functions call this with what they drew (kind of subject, pose, fur, framing, blur,
    ...): recording draws nothing from the generator, so a picture is the same with or without tags.
    """
    if tags is not None:
        tags.update(attributes)


# ============================================================================ fur
def fur_colour(rng, name):
    return dr.jitter_colour(rng, FUR[name], 14)


def fur_texture(rng, base, pattern, cx=CANVAS / 2, cy=CANVAS / 2, scale=1.0):
    """An RGB canvas of fur to paint through a silhouette mask.

    Parameters
    ----------
    base : tuple of int
        Main fur colour.
    pattern : str
        ``solid``, ``tabby``, ``bicolour``, ``tuxedo``, ``calico``, ``colourpoint`` or ``patches``.
    cx, cy, scale : float
        Centre and size of the face, so that face markings land on the face.
    """
    tex = dr.flat_texture(base, rng, grain=9, cells=24)
    draw = ImageDraw.Draw(tex)
    if pattern == "tabby":
        dark = dr.shade(base, rng.uniform(0.45, 0.65))
        width = rng.uniform(3, 5) * scale
        for k in range(-8, 9):
            x = cx + k * 9 * scale + rng.uniform(-2, 2)
            pts = [(x + 4 * math.sin(y / 9 + k), y) for y in range(0, CANVAS, 4)]
            draw.line(pts, fill=dark, width=int(width))
    elif pattern in ("calico", "patches"):
        colours = [FUR["ginger"], FUR["black"]] if pattern == "calico" else [dr.shade(base, 0.5)]
        for _ in range(rng.integers(3, 7)):
            x, y = rng.uniform(0, CANVAS, 2)
            r = rng.uniform(8, 20) * scale
            dr.rotated_ellipse(draw, x, y, r, r * rng.uniform(0.5, 1), rng.uniform(0, 180),
                               dr.jitter_colour(rng, colours[rng.integers(len(colours))], 10))
    elif pattern == "colourpoint":
        dark = dr.shade(base, 0.35)
        mask = Image.new("L", tex.size, 0)
        dr.ellipse(ImageDraw.Draw(mask), cx, cy + 8 * scale, 16 * scale, 14 * scale, fill=255)
        tex.paste(dr.flat_texture(dark), (0, 0), mask.filter(ImageFilter.GaussianBlur(6)))
    return tex


def pick_cat_coat(rng, tags=None):
    """A fur colour and pattern that exist in real cats (their names go to ``tags`` when given)."""
    pattern = CAT_PATTERNS[rng.integers(len(CAT_PATTERNS))]
    if pattern == "tuxedo":
        name = "black"
    elif pattern == "calico":
        name = "white"
    elif pattern == "colourpoint":
        name = "cream"
    else:
        name = CAT_FUR[rng.integers(len(CAT_FUR))]
    record(tags, fur=name, pattern=pattern)
    return fur_colour(rng, name), pattern


# ============================================================================ faces
def whiskers(draw, cx, cy, span, colour, rng, width=1.2):
    """Three whiskers on each side of the muzzle at (cx, cy)."""
    for side in (-1, 1):
        for k, tilt in enumerate((-0.18, 0.0, 0.16)):
            start = (cx + side * 5, cy + k * 2.5)
            end = (cx + side * (5 + span), cy + k * 2.5 + span * (tilt + rng.uniform(-0.05, 0.05)))
            draw.line([start, end], fill=colour, width=max(1, int(round(width))))


def slit_eye(draw, x, y, rx, ry, iris, dilation, outline):
    """A cat's almond eye with a vertical slit pupil and a highlight."""
    draw.polygon(dr.ellipse_points(x, y, rx + 1, ry + 1, 0), fill=outline)
    draw.polygon(dr.ellipse_points(x, y, rx, ry, 0), fill=iris)
    dr.ellipse(draw, x, y, max(1.0, rx * dilation), ry * 0.95, fill=(15, 15, 15))
    dr.ellipse(draw, x + rx * 0.35, y - ry * 0.35, 1.4, 1.4, fill=(250, 250, 250))


def round_eye(draw, x, y, r, iris=(40, 28, 20)):
    """A dog's or bear's round dark eye with a highlight."""
    dr.ellipse(draw, x, y, r, r, fill=iris)
    dr.ellipse(draw, x, y, r * 0.55, r * 0.55, fill=(10, 10, 10))
    dr.ellipse(draw, x + r * 0.35, y - r * 0.35, max(1.0, r * 0.3), max(1.0, r * 0.3), fill=(250, 250, 250))


def cat_face_details(draw, rng, cx, cy, rx, ry, fur, pattern):
    """Eyes, nose, mouth, muzzle and whiskers of a cat head centred at (cx, cy)."""
    if pattern in ("bicolour", "tuxedo") or rng.random() < 0.15:
        white = dr.jitter_colour(rng, FUR["white"], 8)
        dr.ellipse(draw, cx - rx * 0.18, cy + ry * 0.42, rx * 0.26, ry * 0.24, fill=white)
        dr.ellipse(draw, cx + rx * 0.18, cy + ry * 0.42, rx * 0.26, ry * 0.24, fill=white)
        if pattern == "tuxedo":
            draw.polygon([(cx, cy - ry * 0.3), (cx - rx * 0.2, cy + ry * 0.3), (cx + rx * 0.2, cy + ry * 0.3)],
                         fill=white)
    iris = dr.jitter_colour(rng, EYE_COLOURS[rng.integers(len(EYE_COLOURS))], 15)
    eye_dx, eye_y = rx * rng.uniform(0.36, 0.44), cy - ry * rng.uniform(0.0, 0.12)
    eye_rx, eye_ry = rx * 0.2, ry * rng.uniform(0.15, 0.22)
    dilation = rng.uniform(0.12, 0.5)
    dark = dr.shade(fur, 0.35) if sum(fur) > 200 else (15, 15, 15)
    for side in (-1, 1):
        slit_eye(draw, cx + side * eye_dx, eye_y, eye_rx, eye_ry, iris, dilation, dark)
    nose_y = cy + ry * 0.3
    nose = NOSE_PINK if rng.random() < 0.75 else dr.shade(fur, 0.4)
    w = rx * 0.11
    draw.polygon([(cx - w, nose_y - w * 0.7), (cx + w, nose_y - w * 0.7), (cx, nose_y + w * 0.6)], fill=nose)
    mouth = dr.shade(fur, 0.3) if sum(fur) > 200 else (90, 80, 80)
    draw.line(dr.arc_points(cx - w * 0.9, nose_y + w * 0.6, w * 0.9, 0, 150, 8), fill=mouth, width=1)
    draw.line(dr.arc_points(cx + w * 0.9, nose_y + w * 0.6, w * 0.9, 30, 180, 8), fill=mouth, width=1)
    light = sum(fur) < 380 or rng.random() < 0.5
    whisker = (235, 235, 230) if light else (45, 40, 40)
    whiskers(draw, cx, nose_y + w, rx * rng.uniform(0.9, 1.2), whisker, rng, width=rx * 0.04)


# ============================================================================ cat poses
def draw_cat(rng, pose=None, tags=None):
    """A cat on a transparent layer: face portrait, sitting or lying (``pose``; random when None).

    ``tags``, when given, is a dict that receives the drawn attributes (see ``record``).

    Returns
    -------
    PIL.Image.Image, RGBA, CANVAS x CANVAS
    """
    layer, draw = dr.new_layer()
    fur, pattern = pick_cat_coat(rng, tags)
    if pose is None:
        pose = rng.choice(["portrait", "sitting", "lying"], p=POSES)
    record(tags, pose=str(pose))
    if pose == "portrait":
        rx, ry = rng.uniform(26, 32), rng.uniform(22, 27)
        cx, cy = 64, 70
        if rng.random() < 0.7:
            body = dr.shade(fur, 0.92)
            mask, mdraw = dr.new_mask()
            dr.ellipse(mdraw, cx, cy + ry + 26, rx * 1.5, 34, fill=255)
            dr.paint_through_mask(layer, fur_texture(rng, body, pattern, cx, cy, rx / 30), mask)
        draw_cat_head(layer, rng, cx, cy, rx, ry, fur, pattern)
    elif pose == "sitting":
        mask, mdraw = dr.new_mask()
        dr.ellipse(mdraw, 64, 88, 24, 30, fill=255)
        dr.ellipse(mdraw, 64, 112, 28, 10, fill=255)
        side = 1 if rng.random() < 0.5 else -1
        tail = dr.arc_points(64 + side * 18, 98, 22, 90 - side * 90, 90 + side * 10, 10)
        mdraw.line(tail, fill=255, width=8)
        dr.paint_through_mask(layer, fur_texture(rng, fur, pattern, 64, 50, 0.6), mask)
        if pattern in ("bicolour", "tuxedo"):
            dr.ellipse(draw, 64, 90, 10, 20, fill=dr.jitter_colour(rng, FUR["white"], 8))
        draw_cat_head(layer, rng, 64, 48, 19, 16, fur, pattern)
    else:
        mask, mdraw = dr.new_mask()
        dr.ellipse(mdraw, 70, 86, 40, 18, fill=255)
        mdraw.line(dr.arc_points(108, 80, 14, 100, 260, 10), fill=255, width=7)
        dr.paint_through_mask(layer, fur_texture(rng, fur, pattern, 44, 64, 0.7), mask)
        draw_cat_head(layer, rng, 42, 66, 21, 18, fur, pattern)
    return layer


def draw_cat_head(layer, rng, cx, cy, rx, ry, fur, pattern):
    """A whole cat head: fur silhouette (head, cheeks, ears), inner ears, then the face."""
    height = ry * rng.uniform(0.75, 1.05)
    spread = rng.uniform(0.55, 0.8)
    ears = []
    for side in (-1, 1):
        base_out = (cx + side * rx * 0.95, cy - ry * 0.35)
        base_in = (cx + side * rx * 0.15, cy - ry * 0.9)
        tip = (cx + side * rx * spread, cy - ry * 0.55 - height)
        ears.append((base_out, base_in, tip))
    mask, mdraw = dr.new_mask()
    dr.ellipse(mdraw, cx, cy, rx, ry, fill=255)
    dr.ellipse(mdraw, cx, cy + ry * 0.25, rx * 1.08, ry * 0.62, fill=255)
    for ear in ears:
        mdraw.polygon(ear, fill=255)
    dr.paint_through_mask(layer, fur_texture(rng, fur, pattern, cx, cy, rx / 30), mask)
    draw = ImageDraw.Draw(layer)
    inner = INNER_EAR if rng.random() < 0.7 else dr.shade(fur, 0.7)
    for ear in ears:
        centre = np.mean(ear, axis=0)
        pts = [tuple(0.6 * np.asarray(p) + 0.4 * centre + (0, ry * 0.05)) for p in ear]
        draw.polygon(pts, fill=inner)
    cat_face_details(draw, rng, cx, cy, rx, ry, fur, pattern)


# ============================================================================ look-alike animals
def animal_coat(rng, names, tags=None):
    name = names[rng.integers(len(names))]
    pattern = rng.choice(["solid", "solid", "patches"])
    record(tags, fur=name, pattern=str(pattern))
    return fur_colour(rng, name), pattern


def paint_silhouette(layer, rng, shapes, fur, pattern, cx=64, cy=64, scale=1.0):
    """Fill a silhouette made of ('ellipse'|'polygon'|'rotated', args) shapes with fur."""
    mask, mdraw = dr.new_mask()
    for kind, args in shapes:
        if kind == "ellipse":
            dr.ellipse(mdraw, *args, fill=255)
        elif kind == "rotated":
            dr.rotated_ellipse(mdraw, *args, 255)
        else:
            mdraw.polygon(args, fill=255)
    dr.paint_through_mask(layer, fur_texture(rng, fur, pattern, cx, cy, scale), mask)


def draw_dog(rng, pointed_ears=False, tags=None):
    """A dog's face: floppy (or, for a husky, pointed) ears, a long muzzle, a big black nose."""
    layer, draw = dr.new_layer()
    if pointed_ears:
        name = ["grey", "black", "brown", "sandy"][rng.integers(4)]
        fur = dr.jitter_colour(rng, FUR[name], 12)
        pattern = "solid"
        record(tags, fur=name, pattern=pattern)
    else:
        fur, pattern = animal_coat(rng, ["golden", "brown", "black", "white", "cream", "chocolate", "sandy", "ginger"],
                                   tags)
    cx, cy, rx, ry = 64, 62, rng.uniform(23, 28), rng.uniform(25, 30)
    shapes = [("ellipse", (cx, cy, rx, ry)), ("ellipse", (cx, cy + 18, rx * 0.7, ry * 0.75))]
    if pointed_ears:
        for side in (-1, 1):
            shapes.append(("polygon", [(cx + side * rx * 0.9, cy - ry * 0.2), (cx + side * rx * 0.2, cy - ry * 0.85),
                                       (cx + side * rx * 0.85, cy - ry * 1.75)]))
    paint_silhouette(layer, rng, shapes, fur, pattern, cx, cy)
    ear_colour = dr.shade(fur, rng.uniform(0.55, 0.85))
    if not pointed_ears:
        droop = rng.uniform(10, 30)
        for side in (-1, 1):
            dr.rotated_ellipse(draw, cx + side * rx * 0.95, cy + 2, rx * 0.32, ry * 0.72, side * -droop, ear_colour)
    else:
        # A husky's pale mask: white cheeks and eyebrow spots.
        white = dr.jitter_colour(rng, FUR["white"], 8)
        dr.ellipse(draw, cx, cy + 16, rx * 0.7, ry * 0.45, fill=white)
        for side in (-1, 1):
            dr.ellipse(draw, cx + side * rx * 0.4, cy - ry * 0.42, rx * 0.12, ry * 0.08, fill=white)
    muzzle = dr.shade(fur, rng.uniform(1.1, 1.35)) if rng.random() < 0.6 else fur
    dr.ellipse(draw, cx, cy + 17, rx * 0.55, ry * 0.42, fill=muzzle)
    dr.ellipse(draw, cx, cy + 9, rx * 0.24, ry * 0.16, fill=(20, 18, 18))
    draw.line([(cx, cy + 12), (cx, cy + 22)], fill=(40, 30, 30), width=2)
    if rng.random() < 0.4:
        dr.ellipse(draw, cx, cy + 28, rx * 0.18, ry * 0.2, fill=(215, 100, 110))
    for side in (-1, 1):
        round_eye(draw, cx + side * rx * 0.4, cy - ry * 0.2, rx * 0.13,
                  iris=(120, 170, 220) if pointed_ears and rng.random() < 0.5 else (60, 38, 22))
    return layer


def draw_fox(rng, tags=None):
    """A fox's face: big dark-tipped pointed ears, a narrow pointed snout, white cheeks."""
    layer, draw = dr.new_layer()
    name = ["ginger", "red", "grey", "sandy"][rng.integers(4)]
    fur = dr.jitter_colour(rng, FOX_RED if name == "red" else FUR[name], 12)
    record(tags, fur=name, pattern="solid")
    cx, cy, rx, ry = 64, 58, rng.uniform(26, 30), rng.uniform(20, 24)
    face = [(cx - rx, cy - ry * 0.3), (cx + rx, cy - ry * 0.3), (cx, cy + ry * 1.9)]
    shapes = [("ellipse", (cx, cy, rx, ry)), ("polygon", face)]
    ears = []
    for side in (-1, 1):
        ear = [(cx + side * rx * 1.0, cy - ry * 0.1), (cx + side * rx * 0.15, cy - ry * 0.8),
               (cx + side * rx * 0.85, cy - ry * 2.1)]
        ears.append(ear)
        shapes.append(("polygon", ear))
    paint_silhouette(layer, rng, shapes, fur, "solid", cx, cy)
    white = dr.jitter_colour(rng, FUR["white"], 8)
    for side in (-1, 1):
        draw.polygon([(cx + side * rx * 0.95, cy + ry * 0.1), (cx, cy + ry * 0.35), (cx, cy + ry * 1.8)], fill=white)
    for ear in ears:
        tip = np.asarray(ear[2])
        draw.polygon([tuple(tip), tuple(0.7 * tip + 0.3 * np.asarray(ear[0])),
                      tuple(0.7 * tip + 0.3 * np.asarray(ear[1]))], fill=(35, 28, 25))
    dr.ellipse(draw, cx, cy + ry * 1.75, rx * 0.14, rx * 0.11, fill=(20, 18, 18))
    for side in (-1, 1):
        round_eye(draw, cx + side * rx * 0.38, cy + ry * 0.05, rx * 0.11, iris=(190, 130, 40))
    return layer


def draw_rabbit(rng, tags=None):
    """A rabbit: long upright ears, a round face, whiskers, a pink nose, eyes on the sides."""
    layer, draw = dr.new_layer()
    fur, pattern = animal_coat(rng, ["grey", "white", "brown", "sandy", "cream", "black"], tags)
    cx, cy, rx, ry = 64, 78, rng.uniform(22, 27), rng.uniform(20, 24)
    tilt = rng.uniform(-15, 15)
    shapes = [("ellipse", (cx, cy, rx, ry)), ("ellipse", (cx, cy + 30, rx * 1.3, 20))]
    for side in (-1, 1):
        shapes.append(("rotated", (cx + side * rx * 0.4, cy - ry - 22, rx * 0.28, 30, side * 8 + tilt)))
    paint_silhouette(layer, rng, shapes, fur, pattern, cx, cy)
    for side in (-1, 1):
        dr.rotated_ellipse(draw, cx + side * rx * 0.4, cy - ry - 22, rx * 0.14, 24, side * 8 + tilt, INNER_EAR)
        round_eye(draw, cx + side * rx * 0.5, cy - ry * 0.15, rx * 0.13)
    ny = cy + ry * 0.3
    dr.ellipse(draw, cx, ny, 3, 2.2, fill=NOSE_PINK)
    draw.rectangle((cx - 3, ny + 6, cx + 3, ny + 10), fill=(245, 245, 240))
    whiskers(draw, cx, ny + 2, rx * 1.0, (235, 235, 230) if sum(fur) < 400 else (50, 45, 45), rng, width=1.2)
    return layer


def draw_bear(rng, tags=None):
    """A bear or teddy bear: round ears, round face, a pale muzzle with a black nose."""
    layer, draw = dr.new_layer()
    fur, pattern = animal_coat(rng, ["brown", "chocolate", "black", "golden", "sandy", "cream"], tags)
    record(tags, pattern="solid")  # a bear's coat is painted plain whatever was drawn
    cx, cy, rx, ry = 64, 66, rng.uniform(26, 30), rng.uniform(24, 28)
    shapes = [("ellipse", (cx, cy, rx, ry))]
    for side in (-1, 1):
        shapes.append(("ellipse", (cx + side * rx * 0.72, cy - ry * 0.8, rx * 0.3, rx * 0.3)))
    paint_silhouette(layer, rng, shapes, fur, "solid", cx, cy)
    for side in (-1, 1):
        dr.ellipse(draw, cx + side * rx * 0.72, cy - ry * 0.8, rx * 0.16, rx * 0.16, fill=dr.shade(fur, 0.7))
        round_eye(draw, cx + side * rx * 0.38, cy - ry * 0.15, rx * 0.1)
    dr.ellipse(draw, cx, cy + ry * 0.4, rx * 0.38, ry * 0.3, fill=dr.shade(fur, 1.4))
    dr.ellipse(draw, cx, cy + ry * 0.28, rx * 0.15, ry * 0.1, fill=(20, 18, 18))
    return layer


def draw_owl(rng, tags=None):
    """An owl: ear tufts, a pale facial disc, two huge round orange eyes and a hooked beak."""
    layer, draw = dr.new_layer()
    fur, _ = animal_coat(rng, ["brown", "grey", "sandy", "chocolate", "silver"], tags)
    record(tags, pattern="patches")  # feathers are always painted in patches
    cx, cy, rx, ry = 64, 70, rng.uniform(26, 30), rng.uniform(34, 40)
    shapes = [("ellipse", (cx, cy, rx, ry))]
    for side in (-1, 1):
        shapes.append(("polygon", [(cx + side * rx * 0.85, cy - ry * 0.55), (cx + side * rx * 0.35, cy - ry * 0.8),
                                   (cx + side * rx * 0.95, cy - ry * 1.15)]))
    paint_silhouette(layer, rng, shapes, fur, "patches", cx, cy)
    disc = dr.shade(fur, 1.35)
    for side in (-1, 1):
        dr.ellipse(draw, cx + side * rx * 0.38, cy - ry * 0.25, rx * 0.42, rx * 0.42, fill=disc)
    for side in (-1, 1):
        x, y = cx + side * rx * 0.38, cy - ry * 0.25
        dr.ellipse(draw, x, y, rx * 0.26, rx * 0.26, fill=(235, 150, 30))
        dr.ellipse(draw, x, y, rx * 0.13, rx * 0.13, fill=(10, 10, 10))
    draw.polygon([(cx - 4, cy - ry * 0.05), (cx + 4, cy - ry * 0.05), (cx, cy + ry * 0.2)], fill=(70, 60, 50))
    for k in range(4):
        y = cy + ry * (0.3 + 0.15 * k)
        draw.line(dr.arc_points(cx, y - 6, 10, 30, 150, 8), fill=dr.shade(fur, 0.6), width=2)
    return layer


def draw_mouse(rng, tags=None):
    """A mouse or hamster: large round ears, small beady eyes, a pointed pink nose, whiskers."""
    layer, draw = dr.new_layer()
    fur, pattern = animal_coat(rng, ["grey", "white", "brown", "sandy", "golden"], tags)
    record(tags, pattern="solid")  # a mouse's coat is painted plain whatever was drawn
    cx, cy, rx, ry = 64, 70, rng.uniform(22, 26), rng.uniform(20, 24)
    shapes = [("ellipse", (cx, cy, rx, ry)), ("polygon", [(cx - rx * 0.7, cy), (cx + rx * 0.7, cy), (cx, cy + ry * 1.4)])]
    for side in (-1, 1):
        shapes.append(("ellipse", (cx + side * rx * 0.9, cy - ry * 0.75, rx * 0.55, rx * 0.55)))
    paint_silhouette(layer, rng, shapes, fur, "solid", cx, cy)
    for side in (-1, 1):
        dr.ellipse(draw, cx + side * rx * 0.9, cy - ry * 0.75, rx * 0.35, rx * 0.35, fill=INNER_EAR)
        dr.ellipse(draw, cx + side * rx * 0.35, cy - ry * 0.05, 3, 3, fill=(10, 10, 10))
    dr.ellipse(draw, cx, cy + ry * 1.3, 3.5, 3, fill=NOSE_PINK)
    whiskers(draw, cx, cy + ry * 1.2, rx * 0.9, (60, 55, 55) if sum(fur) > 380 else (230, 230, 225), rng)
    return layer


# ============================================================================ objects and scenes
def draw_object(rng, kind=None, tags=None):
    """A household or street object: mug, lamp, ball, plant, car, house, clock or bottle (random when None)."""
    layer, draw = dr.new_layer()
    colour = dr.random_colour(rng, 30, 230)
    dark = dr.shade(colour, 0.6)
    if kind is None:
        kind = rng.choice(["mug", "lamp", "ball", "plant", "car", "house", "clock", "bottle"])
    record(tags, object=str(kind))
    if kind == "mug":
        draw.rounded_rectangle((40, 44, 84, 100), 6, fill=colour)
        draw.ellipse((76, 56, 100, 86), outline=colour, width=6)
        dr.ellipse(draw, 62, 44, 22, 5, fill=dark)
    elif kind == "lamp":
        draw.polygon([(40, 70), (88, 70), (76, 30), (52, 30)], fill=colour)
        draw.rectangle((61, 70, 67, 106), fill=(90, 90, 90))
        dr.ellipse(draw, 64, 108, 20, 5, fill=(70, 70, 70))
    elif kind == "ball":
        dr.ellipse(draw, 64, 66, 32, 32, fill=colour)
        draw.arc((32, 34, 96, 98), 200, 340, fill=(250, 250, 250), width=4)
        draw.arc((32, 34, 96, 98), 20, 160, fill=dark, width=4)
    elif kind == "plant":
        draw.polygon([(46, 80), (82, 80), (76, 110), (52, 110)], fill=(170, 90, 60))
        for _ in range(7):
            a = rng.uniform(-150, -30)
            tip = (64 + 38 * math.cos(math.radians(a)), 80 + 38 * math.sin(math.radians(a)))
            dr.rotated_ellipse(draw, (64 + tip[0]) / 2, (80 + tip[1]) / 2, 20, 6, a, dr.jitter_colour(rng, (60, 140, 60), 30))
    elif kind == "car":
        draw.rounded_rectangle((20, 62, 108, 92), 8, fill=colour)
        draw.polygon([(38, 62), (48, 42), (84, 42), (94, 62)], fill=colour)
        draw.polygon([(44, 60), (51, 46), (64, 46), (64, 60)], fill=(170, 200, 220))
        draw.polygon([(68, 60), (68, 46), (81, 46), (88, 60)], fill=(170, 200, 220))
        for x in (40, 88):
            dr.ellipse(draw, x, 92, 11, 11, fill=(25, 25, 25))
            dr.ellipse(draw, x, 92, 5, 5, fill=(160, 160, 160))
    elif kind == "house":
        draw.rectangle((32, 62, 96, 108), fill=colour)
        draw.polygon([(24, 64), (64, 28), (104, 64)], fill=dr.jitter_colour(rng, (150, 60, 50), 20))
        draw.rectangle((56, 82, 72, 108), fill=dark)
        draw.rectangle((38, 72, 50, 84), fill=(170, 200, 220))
        draw.rectangle((78, 72, 90, 84), fill=(170, 200, 220))
    elif kind == "clock":
        dr.ellipse(draw, 64, 64, 34, 34, fill=colour)
        dr.ellipse(draw, 64, 64, 28, 28, fill=(240, 238, 230))
        for k in range(12):
            a = math.radians(30 * k)
            draw.line([(64 + 23 * math.cos(a), 64 + 23 * math.sin(a)), (64 + 27 * math.cos(a), 64 + 27 * math.sin(a))],
                      fill=(30, 30, 30), width=2)
        draw.line([(64, 64), (64 + 16 * math.cos(rng.uniform(0, 6.3)), 64 + 16 * math.sin(rng.uniform(0, 6.3)))],
                  fill=(20, 20, 20), width=3)
        draw.line([(64, 64), (64, 42)], fill=(20, 20, 20), width=2)
    else:
        draw.rounded_rectangle((50, 50, 78, 110), 8, fill=colour)
        draw.rectangle((58, 26, 70, 52), fill=colour)
        draw.rectangle((56, 20, 72, 28), fill=dark)
        draw.rectangle((50, 70, 78, 90), fill=(235, 230, 210))
    return layer


def draw_landscape(rng, tags=None):
    """A scene with no subject in front: trees, hills or a building on the horizon."""
    layer, draw = dr.new_layer()
    horizon = rng.uniform(70, 95)
    for _ in range(rng.integers(1, 4)):
        x = rng.uniform(10, 118)
        h = rng.uniform(25, 55)
        draw.rectangle((x - 3, horizon - h * 0.4, x + 3, horizon), fill=(90, 60, 40))
        dr.ellipse(draw, x, horizon - h * 0.6, h * 0.35, h * 0.4, fill=dr.jitter_colour(rng, (60, 120, 50), 25))
    if rng.random() < 0.5:
        pts = [(0, horizon)] + [(x, horizon - rng.uniform(10, 35)) for x in (30, 64, 98)] + [(128, horizon)]
        draw.polygon(pts, fill=dr.jitter_colour(rng, (100, 120, 110), 25))
    return layer


NON_CAT_DRAWERS = {
    "dog": draw_dog, "husky": lambda rng, tags=None: draw_dog(rng, pointed_ears=True, tags=tags), "fox": draw_fox,
    "rabbit": draw_rabbit, "bear": draw_bear, "owl": draw_owl, "mouse": draw_mouse,
    "object": draw_object, "landscape": draw_landscape,
}


# ============================================================================ pictures and splits
def draw_subject(rng, is_cat, tags=None):
    """The subject layer of one picture (its kind and attributes go to ``tags`` when given)."""
    if is_cat:
        record(tags, kind="cat")
        return draw_cat(rng, tags=tags)
    kinds = list(NON_CAT_KINDS)
    kind = kinds[rng.choice(len(kinds), p=np.array(list(NON_CAT_KINDS.values())) / sum(NON_CAT_KINDS.values()))]
    record(tags, kind=kind)
    return NON_CAT_DRAWERS[kind](rng, tags=tags)


def make_picture(rng, is_cat, tags=None):
    """One 64x64 photo-like picture of a cat (``is_cat``) or of something else.

    ``tags``, when given, is a dict that receives what was drawn (see ``record``); recording
    draws nothing from ``rng``, so the picture is the same with or without it.

    Returns
    -------
    numpy.ndarray, shape (64, 64, 3), uint8
    """
    background = dr.random_background(rng, tags)
    subject = draw_subject(rng, is_cat, tags)
    angle = rng.normal(0, ANGLE_SD)
    scale = rng.uniform(*SCALE_RANGE)
    shift = rng.normal(0, SHIFT_SD, 2)
    dr.place(background, subject, angle, scale, shift)
    noise, blur, gamma = rng.uniform(2, 5), rng.uniform(0.0, 0.8), rng.uniform(1.5, 2.2)
    record(tags, angle=angle, scale=scale, shift_x=shift[0], shift_y=shift[1], noise=noise, blur=blur, gamma=gamma)
    return dr.finish(background, rng, noise=noise, blur=blur, gamma=gamma)


def split_labels(seed, split, n, n_cats):
    """Labels of one split: ``n_cats`` ones at seeded random positions.

    Returns
    -------
    numpy.ndarray, shape (n,), int64
    """
    rng = np.random.default_rng([seed, split, 1_000_000])
    labels = np.zeros(n, dtype=np.int64)
    labels[rng.permutation(n)[:n_cats]] = 1
    return labels


def build_split(seed, split, n, n_cats, indices=None):
    """Pictures and labels of one split (or only the pictures at ``indices``).

    Returns
    -------
    x : numpy.ndarray, shape (len(indices), 64, 64, 3), uint8
    y : numpy.ndarray, shape (len(indices),), int64
    """
    labels = split_labels(seed, split, n, n_cats)
    return dr.draw_split(lambda rng, label: make_picture(rng, bool(label)), seed, split, labels, indices)


def build(seed=SEED):
    """Every array of both cat files.

    Returns
    -------
    dict
        File name -> {h5 key: array}.
    """
    files = {}
    for filename, prefix, split, n, n_cats in SPLITS:
        x, y = build_split(seed, split, n, n_cats)
        files[filename] = {f"{prefix}_set_x": x, f"{prefix}_set_y": y, "list_classes": CLASSES}
    return files


# ============================================================================ example pictures
#: Split code of the example pictures: neither train (0) nor test (1), so no example is a dataset picture.
SAMPLE_SPLIT = 2
#: Side of an example picture: larger than 64, so that ``load_own_image`` has to shrink it as it would a photo.
SAMPLE_SIZE = 256
#: The "try your own image" examples, written to ``datasets/images/``: file name -> (subject, index).
SAMPLES = {"my_cat.png": ("cat", 0), "my_lamp.png": ("lamp", 0)}


def make_sample_picture(rng, subject, size=SAMPLE_SIZE):
    """A picture like those of the dataset, but larger: a cat portrait (``"cat"``) or an object (e.g. ``"lamp"``).

    Returns
    -------
    numpy.ndarray, shape (size, size, 3), uint8
    """
    background = dr.random_background(rng)
    layer = draw_cat(rng, pose="portrait") if subject == "cat" else draw_object(rng, kind=subject)
    dr.place(background, layer, rng.normal(0, ANGLE_SD), rng.uniform(*SCALE_RANGE), rng.normal(0, SHIFT_SD, 2))
    return dr.finish(background, rng, noise=rng.uniform(2, 5), blur=rng.uniform(0.0, 0.8),
                     gamma=rng.uniform(1.5, 2.2), size=size)


def build_samples(seed=SEED):
    """The example pictures of ``datasets/images/``.

    Returns
    -------
    dict
        Path relative to the data folder (``images/<name>.png``) -> picture, (SAMPLE_SIZE, SAMPLE_SIZE, 3) uint8.
    """
    return {f"images/{name}": make_sample_picture(dr.picture_rng(seed, SAMPLE_SPLIT, index), subject)
            for name, (subject, index) in SAMPLES.items()}


# ============================================================================ phone pictures
#: The phone pictures: what the users of a cat app take with their phones. One pool, drawn from
#: generators of a split of its own (``PHONE_SPLIT``), so that no phone picture is a web picture;
#: the lessons split it into training, dev and test pictures themselves.
PHONE_FILE = "phone_catvnoncat.h5"
PHONE_SPLIT = 3
PHONE_COUNT, PHONE_CATS = 300, 150
#: How often a phone picture has each shortcoming (drawn independently of each other).
PHONE_BLURRY, PHONE_DIM, PHONE_CASUAL = 0.45, 0.4, 0.45
#: Blur (canvas pixels) of a blurry phone picture; a web picture has 0 to 0.8.
PHONE_BLUR = (1.6, 3.2)
#: A dim picture: exposure factor, colour of warm indoor light, and its stronger sensor noise.
PHONE_EXPOSURE, WARM_LIGHT, PHONE_DIM_NOISE = (0.75, 0.95), (1.0, 0.9, 0.75), (7, 11)
#: Casual framing: tilt (degrees), size factor and offset (canvas pixels) of a picture taken in a hurry.
PHONE_ANGLE_SD, PHONE_SCALE_RANGE, PHONE_SHIFT_SD = 14, (0.7, 1.35), 11
#: How many phone pictures carry a wrong label (as a hurried labelling team delivers them).
PHONE_WRONG_LABELS = 15


def make_phone_picture(rng, is_cat, tags=None):
    """One 64x64 picture as a phone takes it: the subjects of the web pictures, but often blurry,
    dim under warm indoor light, or casually framed (tilted, too close or too far, off centre).

    ``tags``, when given, receives what was drawn, with ``blurry``, ``dim`` and ``casual`` saying
    which shortcomings the picture has.

    Returns
    -------
    numpy.ndarray, shape (64, 64, 3), uint8
    """
    background = dr.random_background(rng, tags)
    subject = draw_subject(rng, is_cat, tags)
    casual = bool(rng.random() < PHONE_CASUAL)
    if casual:
        angle, scale = rng.normal(0, PHONE_ANGLE_SD), rng.uniform(*PHONE_SCALE_RANGE)
        shift = rng.normal(0, PHONE_SHIFT_SD, 2)
    else:
        angle, scale, shift = rng.normal(0, ANGLE_SD), rng.uniform(*SCALE_RANGE), rng.normal(0, SHIFT_SD, 2)
    dr.place(background, subject, angle, scale, shift)
    blurry = bool(rng.random() < PHONE_BLURRY)
    blur = rng.uniform(*PHONE_BLUR) if blurry else rng.uniform(0.0, 0.8)
    dim = bool(rng.random() < PHONE_DIM)
    exposure = rng.uniform(*PHONE_EXPOSURE) if dim else 1.0
    noise = rng.uniform(*PHONE_DIM_NOISE) if dim else rng.uniform(2, 5)
    gamma = rng.uniform(1.5, 2.2)
    record(tags, angle=angle, scale=scale, shift_x=shift[0], shift_y=shift[1], noise=noise, blur=blur, gamma=gamma,
           exposure=exposure, blurry=blurry, dim=dim, casual=casual)
    light = exposure * np.asarray(WARM_LIGHT) if dim else None
    return dr.finish(background, rng, noise=noise, blur=blur, gamma=gamma, light=light)


def wrong_label_positions(seed, n=PHONE_COUNT, count=PHONE_WRONG_LABELS):
    """Positions of the phone pictures whose delivered label is wrong (seeded, sorted).

    Returns
    -------
    numpy.ndarray, shape (count,), int64
    """
    rng = np.random.default_rng([seed, PHONE_SPLIT, 2_000_000])
    return np.sort(rng.choice(n, size=count, replace=False)).astype(np.int64)


def draw_with_tags(maker, seed, split, labels):
    """Every picture of a split and, for each, the dict of what was drawn.

    Returns
    -------
    x : numpy.ndarray, shape (n, 64, 64, 3), uint8
    tags : list of dict
    """
    pictures, tags = [], []
    for i, label in enumerate(labels):
        drawn = {}
        pictures.append(maker(dr.picture_rng(seed, split, i), bool(label), drawn))
        tags.append(drawn)
    return np.stack(pictures), tags


def phone_pool(seed=SEED):
    """The phone pictures, their true labels, the labels as delivered and their tags.

    Returns
    -------
    x : numpy.ndarray, shape (PHONE_COUNT, 64, 64, 3), uint8
    true_labels, delivered : numpy.ndarray, shape (PHONE_COUNT,), int64
        ``delivered`` differs from ``true_labels`` at ``wrong_label_positions(seed)``.
    tags : list of dict
    """
    true_labels = split_labels(seed, PHONE_SPLIT, PHONE_COUNT, PHONE_CATS)
    x, tags = draw_with_tags(make_phone_picture, seed, PHONE_SPLIT, true_labels)
    delivered = true_labels.copy()
    wrong = wrong_label_positions(seed)
    delivered[wrong] = 1 - delivered[wrong]
    return x, true_labels, delivered, tags


def build_phone(seed=SEED):
    """The phone pictures' file: ``phone_set_x``, ``phone_set_y`` (labels as delivered) and ``list_classes``.

    Returns
    -------
    dict
        File name -> {h5 key: array}.
    """
    x, _, delivered, _ = phone_pool(seed)
    return {PHONE_FILE: {"phone_set_x": x, "phone_set_y": delivered, "list_classes": CLASSES}}


# ============================================================================ tags
#: The file of tags: one row per picture of the web training and test files and the phone pictures.
TAGS_FILE = "cat_tags.csv"
#: Fur colours that count as dark (their brightness is below 100 of 255).
DARK_FUR = ("black", "chocolate", "brown")
#: Columns of the tags file, in order, with their type: int, bool (0 / 1), float (4 decimals) or str.
TAG_COLUMNS = {
    "set": str, "index": int, "label": int, "true_label": int, "wrong_label": bool,
    "kind": str, "pose": str, "object": str, "fur": str, "pattern": str, "dark_fur": bool, "background": str,
    "angle": float, "scale": float, "shift_x": float, "shift_y": float, "blur": float, "gamma": float,
    "noise": float, "exposure": float, "blurry": bool, "dim": bool, "casual": bool,
}


def tag_rows(set_name, tags, true_labels, delivered):
    """Rows of the tags file for one set (dicts with every column of ``TAG_COLUMNS``)."""
    rows = []
    for i, drawn in enumerate(tags):
        row = {"set": set_name, "index": i, "label": int(delivered[i]), "true_label": int(true_labels[i]),
               "wrong_label": bool(delivered[i] != true_labels[i]), "pose": "", "object": "", "fur": "",
               "pattern": "", "exposure": 1.0, "blurry": False, "dim": False, "casual": False}
        row.update(drawn)
        row["dark_fur"] = row["fur"] in DARK_FUR
        rows.append(row)
    return rows


def format_tags(rows):
    """The CSV text of the tags file: fixed column order, floats with 4 decimals, booleans as 0 / 1."""
    def cell(value, kind):
        if kind is float:
            return f"{float(value):.4f}"
        if kind is bool:
            return "1" if value else "0"
        return str(int(value)) if kind is int else str(value)

    lines = [",".join(TAG_COLUMNS)]
    lines += [",".join(cell(row[name], kind) for name, kind in TAG_COLUMNS.items()) for row in rows]
    return "\n".join(lines) + "\n"


def build_tags(seed=SEED):
    """The tags file: what was drawn in every web and phone picture, redrawn from the same generators.

    Returns
    -------
    dict
        File name -> CSV text.
    """
    rows = []
    for _, prefix, split, n, n_cats in SPLITS:
        labels = split_labels(seed, split, n, n_cats)
        _, tags = draw_with_tags(make_picture, seed, split, labels)
        rows += tag_rows(prefix, tags, labels, labels)
    _, true_labels, delivered, tags = phone_pool(seed)
    rows += tag_rows("phone", tags, true_labels, delivered)
    return {TAGS_FILE: format_tags(rows)}
