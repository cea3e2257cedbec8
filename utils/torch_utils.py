"""Course-style helpers of the frameworks lesson (10_frameworks), in PyTorch.

The original lesson was written for TensorFlow 1 and shipped a ``tf_utils`` module; this course teaches
the lesson with PyTorch, so its helpers live here under an honest name. They are the plumbing around
the exercises, never an exercise itself:

- ``load_dataset``: the hand-sign pictures (``utils.data.load_signs_dataset`` under the lesson's name);
- ``images_to_tensor``: pictures ``(m, 64, 64, 3)`` to one float column per picture, scaled to [0, 1];
- ``random_mini_batches``: shuffled mini-batches of tensors whose examples are columns.

Only this module (and the notebooks that use it) imports PyTorch: importing torch takes a second or
more, which the NumPy lessons should not pay.

Shapes follow the course: one example per column, ``X`` of shape ``(n_x, m)`` and labels ``(C, m)``.
PyTorch's own layers (``torch.nn.Linear``) put examples in rows instead and compute ``x W^T + b``;
the lesson keeps the columns so that its formulas are those of the earlier notebooks.
"""
import torch

from utils.data import load_signs_dataset as load_dataset  # noqa: F401  (course-style name)

__all__ = ["load_dataset", "images_to_tensor", "random_mini_batches"]


def images_to_tensor(images, dtype=torch.float32):
    """Flatten pictures into columns and scale their pixels to [0, 1].

    Parameters
    ----------
    images : numpy.ndarray, shape (m, num_px, num_px, 3), uint8
    dtype : torch.dtype
        float32 (the default of deep learning) or float64.

    Returns
    -------
    torch.Tensor, shape (num_px * num_px * 3, m), dtype ``dtype``
    """
    columns = torch.from_numpy(images.reshape(images.shape[0], -1).T.copy())
    return columns.to(dtype) / 255


def random_mini_batches(X, Y, mini_batch_size=64, seed=0):
    """Shuffle the examples (columns) of ``X`` and ``Y`` the same way and cut them into mini-batches.

    The shuffle comes from a generator of its own seeded with ``seed`` (PyTorch's global generator is
    left alone), so the same seed always gives the same mini-batches. The last mini-batch is smaller
    when ``m`` is not a multiple of ``mini_batch_size``.

    Parameters
    ----------
    X : torch.Tensor, shape (n_x, m)
    Y : torch.Tensor, shape (n_y, m)
    mini_batch_size : int
    seed : int

    Returns
    -------
    list of (mini_batch_X, mini_batch_Y) pairs of shapes (n_x, size) and (n_y, size)
    """
    m = X.shape[1]
    generator = torch.Generator().manual_seed(seed)
    permutation = torch.randperm(m, generator=generator)
    shuffled_X, shuffled_Y = X[:, permutation], Y[:, permutation]
    return [(shuffled_X[:, start:start + mini_batch_size], shuffled_Y[:, start:start + mini_batch_size])
            for start in range(0, m, mini_batch_size)]
