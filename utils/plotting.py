"""Every plot of the course: decision boundaries, cost curves and image grids.

Functions draw on the current matplotlib figure (or on ``ax`` when given) and return the axes, so a
notebook can add a title or call ``plt.show()``.
"""
import matplotlib.pyplot as plt
import numpy as np


def _labels_1d(y):
    return np.asarray(y).reshape(-1)


def plot_decision_boundary(model, X, y, ax=None, step=0.01, margin=1.0, title=None):
    """Shade the regions a classifier assigns to each class and scatter the data on top.

    Parameters
    ----------
    model : callable
        Takes points of shape (k, 2) (one point per row) and returns k predictions (any shape
        with k entries), e.g. ``lambda x: predict(parameters, x.T)``.
    X : numpy.ndarray, shape (2, m)
    y : numpy.ndarray, shape (1, m) or (m,)
    ax : matplotlib axes, optional
    step : float
        Grid spacing.
    margin : float
        How far the grid extends beyond the data on each side.
    title : str, optional

    Returns
    -------
    matplotlib axes
    """
    ax = ax or plt.gca()
    x_min, x_max = X[0].min() - margin, X[0].max() + margin
    y_min, y_max = X[1].min() - margin, X[1].max() + margin
    xx, yy = np.meshgrid(np.arange(x_min, x_max, step), np.arange(y_min, y_max, step))
    Z = np.asarray(model(np.c_[xx.ravel(), yy.ravel()])).reshape(xx.shape)
    ax.contourf(xx, yy, Z.astype(float), cmap=plt.cm.Spectral)
    return plot_points(X, y, ax=ax, title=title)


def plot_points(X, y, ax=None, title=None):
    """Scatter a 2-D dataset coloured by label; ``X`` has shape (2, m), ``y`` (1, m) or (m,)."""
    ax = ax or plt.gca()
    ax.scatter(X[0], X[1], c=_labels_1d(y), cmap=plt.cm.Spectral, s=20, edgecolors="k", linewidths=0.3)
    ax.set_xlabel("$x_1$")
    ax.set_ylabel("$x_2$")
    if title:
        ax.set_title(title)
    return ax


def plot_costs(costs, every=100, learning_rate=None, ax=None, label=None, unit="iterations"):
    """Plot a cost curve recorded every ``every`` iterations (or epochs).

    Parameters
    ----------
    costs : sequence of float
        ``costs[k]`` is the cost after ``k * every`` iterations.
    every : int
        The recording interval; the x axis is labelled in real iterations.
    learning_rate : float, optional
        Shown in the title.
    ax : matplotlib axes, optional
    label : str, optional
        Legend label (for comparing several curves on one axes).
    unit : str
        ``"iterations"`` or ``"epochs"``.

    Returns
    -------
    matplotlib axes
    """
    ax = ax or plt.gca()
    steps = np.arange(len(costs)) * every
    ax.plot(steps, np.squeeze(np.asarray(costs, dtype=float)), label=label)
    ax.set_xlabel(unit)
    ax.set_ylabel("cost")
    if learning_rate is not None:
        ax.set_title(f"Learning rate = {learning_rate:g}")
    if label is not None:
        ax.legend()
    return ax


def show_images(images, titles=(), ncols=5, size=1.8):
    """Show a grid of images.

    Parameters
    ----------
    images : sequence of numpy.ndarray, each (h, w, 3) uint8 or float in [0, 1]
    titles : sequence of str, optional, one per image
    ncols : int
    size : float
        Inches per image.

    Returns
    -------
    matplotlib figure
    """
    n = len(images)
    nrows = max(1, int(np.ceil(n / ncols)))
    fig, axes = plt.subplots(nrows, ncols, figsize=(size * ncols, size * nrows + 0.3 * bool(titles)),
                             squeeze=False)
    for k, ax in enumerate(axes.ravel()):
        ax.axis("off")
        if k < n:
            ax.imshow(images[k], interpolation="nearest")
            if k < len(titles):
                ax.set_title(titles[k], fontsize=9)
    fig.tight_layout()
    return fig


def show_mislabeled_images(classes, X, y, p, num_px=64, limit=10):
    """Show the pictures a binary classifier got wrong, with predicted and true class.

    Parameters
    ----------
    classes : numpy.ndarray of bytes, e.g. ``[b'non-cat', b'cat']``
    X : numpy.ndarray, shape (num_px * num_px * 3, m), pixel values scaled to [0, 1]
    y : numpy.ndarray, shape (1, m), true labels
    p : numpy.ndarray, shape (1, m), predicted labels
    num_px : int
    limit : int
        Show at most this many.

    Returns
    -------
    list of int
        The indices of the mislabeled examples (all of them, not only those shown).
    """
    wrong = [int(i) for i in np.flatnonzero(np.asarray(p).reshape(-1) != np.asarray(y).reshape(-1))]
    images = [X[:, i].reshape(num_px, num_px, 3) for i in wrong[:limit]]
    name = lambda k: classes[int(k)].decode() if isinstance(classes[int(k)], bytes) else str(classes[int(k)])
    titles = [f"predicted: {name(np.ravel(p)[i])}\ntrue: {name(np.ravel(y)[i])}" for i in wrong[:limit]]
    if images:
        show_images(images, titles, ncols=min(5, len(images)))
    return wrong
