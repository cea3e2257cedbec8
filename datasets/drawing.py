"""Drawing primitives shared by the image generators (cats, hand signs).

Every picture is drawn at ``SUPERSAMPLE`` times its final size on Pillow images, then shrunk with a
Lanczos filter (antialiasing for free) and given a little sensor noise with NumPy. A subject (an
animal, an object, a hand) is drawn upright and centred on its own transparent RGBA layer and then
placed on a background with one affine transform (rotation, scale, shift).

Randomness always comes from a ``numpy.random.Generator`` passed in by the caller; nothing here
touches the global generator, so picture ``i`` of a set depends only on ``(seed, split, i)``.
"""
import math

import numpy as np
from PIL import Image, ImageDraw, ImageFilter

#: Side of a finished picture, in pixels.
SIZE = 64
#: Pictures are drawn this many times larger, then shrunk.
SUPERSAMPLE = 2
#: Side of the drawing canvas.
CANVAS = SIZE * SUPERSAMPLE


def picture_rng(seed, split, index):
    """Return the generator that draws picture ``index`` of ``split``, independent of the others.

    Parameters
    ----------
    seed : int
        Seed of the whole dataset.
    split : int
        A small integer naming the split (0 = train, 1 = test).
    index : int
        Position of the picture in its split.
    """
    return np.random.default_rng([seed, split, index])


def draw_split(draw, seed, split, labels, indices=None):
    """Draw the pictures of one split (or only those at ``indices``) with their labels.

    Parameters
    ----------
    draw : callable
        ``draw(rng, label)`` returns one picture, (64, 64, 3) uint8.
    seed, split : int
        As for ``picture_rng``; picture ``i`` depends only on ``(seed, split, i)``.
    labels : numpy.ndarray, shape (n,)
        The labels of the whole split.
    indices : iterable of int, optional
        Draw only these pictures (all of them when omitted).

    Returns
    -------
    x : numpy.ndarray, shape (len(indices), 64, 64, 3), uint8
    y : numpy.ndarray, shape (len(indices),), int64
    """
    indices = list(range(len(labels)) if indices is None else indices)
    x = np.stack([draw(picture_rng(seed, split, i), labels[i]) for i in indices])
    return x, labels[indices]


# ----------------------------------------------------------------------------- colours
def clip_colour(rgb):
    """Round and clip a colour to a tuple of three ints in 0..255."""
    return tuple(int(min(255, max(0, round(c)))) for c in rgb)


def jitter_colour(rng, rgb, amount=12):
    """Return ``rgb`` with each channel moved by up to ``amount`` (uniform)."""
    return clip_colour(np.asarray(rgb, float) + rng.uniform(-amount, amount, 3))


def shade(rgb, factor):
    """Darken (factor < 1) or lighten (factor > 1, towards white) a colour."""
    rgb = np.asarray(rgb, float)
    if factor <= 1:
        return clip_colour(rgb * factor)
    return clip_colour(rgb + (255 - rgb) * (factor - 1))


def mix(rgb_a, rgb_b, t):
    """Blend two colours: ``t = 0`` gives ``rgb_a``, ``t = 1`` gives ``rgb_b``."""
    return clip_colour((1 - t) * np.asarray(rgb_a, float) + t * np.asarray(rgb_b, float))


def random_colour(rng, low=30, high=230):
    """A uniformly random colour."""
    return clip_colour(rng.uniform(low, high, 3))


# ----------------------------------------------------------------------------- layers
def new_layer():
    """A transparent RGBA canvas and its drawing context."""
    layer = Image.new("RGBA", (CANVAS, CANVAS), (0, 0, 0, 0))
    return layer, ImageDraw.Draw(layer)


def new_mask():
    """An empty (black) single-channel mask and its drawing context."""
    mask = Image.new("L", (CANVAS, CANVAS), 0)
    return mask, ImageDraw.Draw(mask)


def paint_through_mask(layer, texture, mask):
    """Paint an RGB ``texture`` onto ``layer`` wherever ``mask`` is set (soft edges kept)."""
    layer.paste(texture.convert("RGBA"), (0, 0), mask)


def place(background, layer, angle=0.0, scale=1.0, shift=(0.0, 0.0)):
    """Composite ``layer`` on ``background`` after rotating, scaling and shifting it about the centre.

    Parameters
    ----------
    background : PIL.Image.Image, RGB, CANVAS x CANVAS
    layer : PIL.Image.Image, RGBA, CANVAS x CANVAS, subject drawn centred and upright
    angle : float
        Counter-clockwise rotation in degrees.
    scale : float
        Size factor (1 keeps the drawn size).
    shift : tuple of float
        Displacement of the centre in canvas pixels (x right, y down).
    """
    c = CANVAS / 2
    a = math.radians(angle)
    cos, sin = math.cos(a) / scale, math.sin(a) / scale
    # Pillow's affine maps output pixels back to input pixels: invert rotate+scale+shift.
    x0, y0 = c + shift[0], c + shift[1]
    coeffs = (cos, -sin, c - cos * x0 + sin * y0,
              sin, cos, c - sin * x0 - cos * y0)
    moved = layer.transform(layer.size, Image.AFFINE, coeffs, resample=Image.BICUBIC)
    background.paste(moved, (0, 0), moved)
    return background


def finish(canvas, rng, noise=3.0, blur=0.0, gamma=1.0, size=SIZE, light=None):
    """Shrink the canvas to the final size, apply a tone curve and add sensor noise.

    ``gamma`` > 1 darkens the mid-tones and deepens the shadows, as in a real exposure; it also keeps
    the mean pixel value of a set well below its spread, which gradient descent on raw pixels needs.
    ``size`` is the side of the result: the datasets keep ``SIZE``; a larger one (the example
    pictures of ``datasets/images/``) enlarges the canvas instead. ``light``, when given, is a gain
    per colour channel applied after the tone curve (an under-exposed picture under warm indoor light
    is about ``(0.55, 0.48, 0.38)``); the pictures of the shipped sets before the phone pictures use none.

    Returns
    -------
    numpy.ndarray, shape (size, size, 3), uint8
    """
    if blur:
        canvas = canvas.filter(ImageFilter.GaussianBlur(blur))
    small = np.asarray(canvas.convert("RGB").resize((size, size), Image.LANCZOS), dtype=float)
    if gamma != 1.0:
        small = 255.0 * (small / 255.0) ** gamma
    if light is not None:
        small = small * np.asarray(light, dtype=float)
    if noise:
        small = small + rng.normal(0.0, noise, small.shape)
    return np.clip(np.rint(small), 0, 255).astype(np.uint8)


# ----------------------------------------------------------------------------- shapes
def ellipse(draw, cx, cy, rx, ry, fill, outline=None, width=1):
    """An axis-aligned ellipse given by its centre and radii."""
    draw.ellipse((cx - rx, cy - ry, cx + rx, cy + ry), fill=fill, outline=outline, width=width)


def ellipse_points(cx, cy, rx, ry, angle=0.0, n=40):
    """Polygon points of an ellipse rotated by ``angle`` degrees (clockwise on screen)."""
    a = math.radians(angle)
    t = np.linspace(0, 2 * math.pi, n, endpoint=False)
    x, y = rx * np.cos(t), ry * np.sin(t)
    xs = cx + x * math.cos(a) - y * math.sin(a)
    ys = cy + x * math.sin(a) + y * math.cos(a)
    return list(zip(xs.tolist(), ys.tolist()))


def rotated_ellipse(draw, cx, cy, rx, ry, angle, fill):
    """An ellipse rotated by ``angle`` degrees about its centre."""
    draw.polygon(ellipse_points(cx, cy, rx, ry, angle), fill=fill)


def stroke(draw, p0, p1, width, fill):
    """A thick segment with round caps (a finger, a whisker, a table leg)."""
    draw.line([tuple(p0), tuple(p1)], fill=fill, width=max(1, int(round(width))))
    r = width / 2
    for x, y in (p0, p1):
        draw.ellipse((x - r, y - r, x + r, y + r), fill=fill)


def arc_points(cx, cy, r, start, end, n=12):
    """Points along a circular arc (angles in degrees, screen orientation)."""
    t = np.radians(np.linspace(start, end, n))
    return list(zip((cx + r * np.cos(t)).tolist(), (cy + r * np.sin(t)).tolist()))


# ----------------------------------------------------------------------------- textures
def smooth_noise(rng, cells, amplitude):
    """A smooth random field of shape (CANVAS, CANVAS): bicubic upsampling of a coarse grid.

    Parameters
    ----------
    cells : int
        Side of the coarse grid (larger = finer detail).
    amplitude : float
        Standard deviation of the coarse values.
    """
    coarse = rng.normal(0.0, 1.0, (cells, cells)).astype(np.float32)
    img = Image.fromarray(coarse, mode="F").resize((CANVAS, CANVAS), Image.BICUBIC)
    return np.asarray(img, dtype=float) * amplitude


def to_image(array):
    """An (H, W, 3) float array (0..255) as an RGB Pillow image."""
    return Image.fromarray(np.clip(np.rint(array), 0, 255).astype(np.uint8), "RGB")


def flat_texture(rgb, rng=None, grain=0.0, cells=16):
    """An RGB canvas of one colour, optionally with a smooth brightness grain."""
    field = np.broadcast_to(np.asarray(rgb, float), (CANVAS, CANVAS, 3)).copy()
    if rng is not None and grain:
        field += smooth_noise(rng, cells, grain)[..., None]
    return to_image(field)


def vertical_gradient(top, bottom):
    """An (CANVAS, CANVAS, 3) float array going from ``top`` to ``bottom`` colour."""
    t = np.linspace(0, 1, CANVAS)[:, None, None]
    return (1 - t) * np.asarray(top, float) + t * np.asarray(bottom, float) + np.zeros((1, CANVAS, 3))


# ----------------------------------------------------------------------------- backgrounds
def background_wall(rng, base):
    """A wall with soft lighting, optionally a floor or table edge at the bottom."""
    field = vertical_gradient(shade(base, rng.uniform(1.0, 1.25)), shade(base, rng.uniform(0.7, 0.95)))
    field += smooth_noise(rng, 6, 8)[..., None]
    if rng.random() < 0.6:
        horizon = int(rng.uniform(0.62, 0.85) * CANVAS)
        floor = jitter_colour(rng, random_colour(rng, 60, 200), 20)
        field[horizon:] = vertical_gradient(floor, shade(floor, 0.75))[: CANVAS - horizon]
    return field


def background_outdoor(rng):
    """Sky over grass, sand or pavement, with a few soft clouds or bushes."""
    sky = clip_colour((rng.uniform(110, 190), rng.uniform(160, 215), rng.uniform(200, 250)))
    ground = [(70, 130, 50), (95, 150, 60), (190, 170, 120), (120, 120, 115), (140, 110, 80)]
    ground = jitter_colour(rng, ground[rng.integers(len(ground))], 20)
    field = vertical_gradient(sky, shade(sky, 1.2))
    horizon = int(rng.uniform(0.35, 0.7) * CANVAS)
    field[horizon:] = vertical_gradient(ground, shade(ground, 0.7))[: CANVAS - horizon]
    field += smooth_noise(rng, 12, 10)[..., None]
    return field


def background_blotches(rng, base):
    """A textured surface (carpet, blanket, foliage): colour blotches at two scales."""
    field = np.broadcast_to(np.asarray(base, float), (CANVAS, CANVAS, 3)).copy()
    tint = rng.uniform(0.6, 1.0, 3)  # mostly light and shade, a little hue: real surfaces are not rainbows
    for cells, amp in ((5, 24), (14, 12)):
        field += smooth_noise(rng, cells, amp)[..., None] * tint
    return field


def background_stripes(rng, base):
    """Curtains, wallpaper or floorboards: soft stripes in one direction."""
    period = rng.uniform(10, 30)
    phase = rng.uniform(0, 2 * math.pi)
    axis = np.arange(CANVAS)
    wave = 14 * np.sin(2 * math.pi * axis / period + phase)
    field = np.broadcast_to(np.asarray(base, float), (CANVAS, CANVAS, 3)).copy()
    field += (wave[None, :, None] if rng.random() < 0.5 else wave[:, None, None])
    field += smooth_noise(rng, 8, 8)[..., None]
    return field


def background_bokeh(rng, base):
    """A blurred scene: a dim base with a few large soft discs of light."""
    canvas = to_image(vertical_gradient(base, shade(base, 0.8)))
    draw = ImageDraw.Draw(canvas)
    for _ in range(rng.integers(3, 8)):
        r = rng.uniform(8, 26)
        x, y = rng.uniform(0, CANVAS, 2)
        ellipse(draw, x, y, r, r, fill=jitter_colour(rng, shade(base, rng.uniform(1.2, 1.6)), 25))
    return np.asarray(canvas.filter(ImageFilter.GaussianBlur(6)), dtype=float)


HOUSE_COLOURS = [(205, 190, 165), (180, 170, 160), (140, 150, 160), (200, 200, 195), (150, 120, 95),
                 (90, 95, 100), (170, 140, 110), (215, 205, 190), (60, 60, 65), (120, 140, 120)]


def random_background(rng, tags=None):
    """A random photo-like background, as an RGB Pillow image of the canvas size.

    Its kind (wall, outdoor, blotches, stripes or bokeh) goes to ``tags["background"]`` when ``tags``
    (a dict) is given; nothing else changes.
    """
    base = jitter_colour(rng, HOUSE_COLOURS[rng.integers(len(HOUSE_COLOURS))], 25)
    kind = rng.choice(["wall", "outdoor", "blotches", "stripes", "bokeh"], p=[0.3, 0.2, 0.2, 0.15, 0.15])
    if tags is not None:
        tags["background"] = str(kind)
    if kind == "wall":
        field = background_wall(rng, base)
    elif kind == "outdoor":
        field = background_outdoor(rng)
    elif kind == "blotches":
        field = background_blotches(rng, base)
    elif kind == "stripes":
        field = background_stripes(rng, base)
    else:
        field = background_bokeh(rng, base)
    return to_image(field)
