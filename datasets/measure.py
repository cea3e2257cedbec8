"""Re-measure how the course's reference models do on the generated datasets.

    python -m datasets.measure cats --seeds 5       # LR, 2-layer and 4-layer on 5 generator seeds
    python -m datasets.measure signs --seeds 1      # 3-layer softmax network with Adam
    python -m datasets.measure football --seeds 5   # baseline, L2 and dropout
    python -m datasets.measure strategy --seeds 5   # the ML-strategy lessons' figures (11, 12)

Each dataset is rebuilt in memory for generator seeds ``SEED, SEED+1, ...`` (the shipped seed
first) and the figures are printed per seed and as a mean. The models are compact NumPy versions
of the curriculum's reference models with its hyperparameters; they are measurement code, not the
course's answers, and live here rather than in ``utils/``.
"""
import argparse
import time

import numpy as np
from threadpoolctl import threadpool_limits

from datasets import cat_model, cats, football, signs


# ============================================================================ binary image models
def flatten(x):
    """(m, 64, 64, 3) uint8 -> (12288, m) floats in [0, 1]."""
    return x.reshape(x.shape[0], -1).T / 255.0


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def accuracy(predictions, y):
    """Share of correct 0/1 predictions, in percent."""
    return 100.0 * float(np.mean(predictions == y))


def logistic_regression(X, Y, X_test, Y_test, iterations=2000, learning_rate=0.005):
    """Zero-initialised logistic regression by gradient descent; returns (train %, test %)."""
    w, b = np.zeros((X.shape[0], 1)), 0.0
    m = X.shape[1]
    for _ in range(iterations):
        A = sigmoid(w.T @ X + b)
        w -= learning_rate * (X @ (A - Y).T) / m
        b -= learning_rate * float(np.sum(A - Y)) / m
    predict = lambda data: (sigmoid(w.T @ data + b) > 0.5).astype(int)
    return accuracy(predict(X), Y), accuracy(predict(X_test), Y_test)


def init_layers(layer_dims, rng, scaled):
    """Weights ``randn / sqrt(n_prev)`` (scaled) or ``randn * 0.01``, biases zero, drawn in order."""
    params = []
    for n_prev, n in zip(layer_dims[:-1], layer_dims[1:]):
        W = rng.randn(n, n_prev)
        params.append([W / np.sqrt(n_prev) if scaled else W * 0.01, np.zeros((n, 1))])
    return params


def forward(params, X):
    """ReLU hidden layers, sigmoid output; returns the list of activations (input first)."""
    activations = [X]
    for i, (W, b) in enumerate(params):
        Z = W @ activations[-1] + b
        activations.append(sigmoid(Z) if i == len(params) - 1 else np.maximum(Z, 0))
    return activations


def deep_binary_model(X, Y, X_test, Y_test, layer_dims, scaled, iterations=2500, learning_rate=0.0075):
    """Full-batch gradient descent on the cross-entropy; init seeded with 1. Returns (train %, test %)."""
    params = init_layers(layer_dims, np.random.RandomState(1), scaled)
    m = X.shape[1]
    X_rows = np.ascontiguousarray(X.T)  # the largest product, dW1 = dZ1 X^T, runs faster on a contiguous copy
    for _ in range(iterations):
        acts = forward(params, X)
        dZ = acts[-1] - Y
        for layer in range(len(params) - 1, -1, -1):
            W, b = params[layer]
            inputs_T = X_rows if layer == 0 else acts[layer].T
            dW, db = dZ @ inputs_T / m, dZ.sum(axis=1, keepdims=True) / m
            if layer:
                dZ = (W.T @ dZ) * (acts[layer] > 0)
            params[layer] = [W - learning_rate * dW, b - learning_rate * db]
    predict = lambda data: (forward(params, data)[-1] > 0.5).astype(int)
    return accuracy(predict(X), Y), accuracy(predict(X_test), Y_test)


def measure_cats(seed):
    """The three reference models of the cat lessons on one generated version of the data."""
    files = cats.build(seed)
    train, test = files["train_catvnoncat.h5"], files["test_catvnoncat.h5"]
    X, Y = flatten(train["train_set_x"]), train["train_set_y"].reshape(1, -1)
    Xt, Yt = flatten(test["test_set_x"]), test["test_set_y"].reshape(1, -1)
    return {
        "LR": logistic_regression(X, Y, Xt, Yt),
        "2-layer": deep_binary_model(X, Y, Xt, Yt, [X.shape[0], 7, 1], scaled=False),
        "4-layer": deep_binary_model(X, Y, Xt, Yt, [X.shape[0], 20, 7, 5, 1], scaled=True),
    }


# ============================================================================ signs: softmax + Adam
def softmax_model(X, Y, X_test, Y_test, epochs=1000, learning_rate=1e-4, batch=32, seed=1):
    """[12288, 25, 12, 6] ReLU-ReLU-softmax, Glorot-uniform init, Adam on shuffled minibatches.

    Returns (train %, test %).
    """
    rng = np.random.default_rng(seed)
    dims = [X.shape[0], 25, 12, 6]
    params = []
    for n_prev, n in zip(dims[:-1], dims[1:]):
        limit = np.sqrt(6.0 / (n_prev + n))
        params += [rng.uniform(-limit, limit, (n, n_prev)).astype(X.dtype), np.zeros((n, 1), X.dtype)]
    moments = [[np.zeros_like(p), np.zeros_like(p)] for p in params]
    beta1, beta2, eps, step = 0.9, 0.999, 1e-8, 0

    def logits(data):
        A1 = np.maximum(params[0] @ data + params[1], 0)
        A2 = np.maximum(params[2] @ A1 + params[3], 0)
        return A1, A2, params[4] @ A2 + params[5]

    for _ in range(epochs):
        order = rng.permutation(X.shape[1])
        for start in range(0, X.shape[1], batch):
            idx = order[start:start + batch]
            Xb, Yb = X[:, idx], Y[:, idx]
            A1, A2, Z3 = logits(Xb)
            P = np.exp(Z3 - Z3.max(axis=0))
            P /= P.sum(axis=0)
            dZ3 = (P - Yb) / len(idx)
            dZ2 = (params[4].T @ dZ3) * (A2 > 0)
            dZ1 = (params[2].T @ dZ2) * (A1 > 0)
            grads = [dZ1 @ Xb.T, dZ1.sum(1, keepdims=True), dZ2 @ A1.T, dZ2.sum(1, keepdims=True),
                     dZ3 @ A2.T, dZ3.sum(1, keepdims=True)]
            step += 1
            for p, g, (v, s) in zip(params, grads, moments):
                v *= beta1
                v += (1 - beta1) * g
                s *= beta2
                s += (1 - beta2) * g * g
                p -= learning_rate * (v / (1 - beta1 ** step)) / (np.sqrt(s / (1 - beta2 ** step)) + eps)
    correct = lambda data, onehot: 100.0 * float(np.mean(logits(data)[2].argmax(0) == onehot.argmax(0)))
    return correct(X, Y), correct(X_test, Y_test)


def measure_signs(seed, epochs=1000):
    files = signs.build(seed)
    train, test = files["train_signs.h5"], files["test_signs.h5"]
    onehot = lambda y: np.eye(6, dtype=np.float32)[y].T
    X = flatten(train["train_set_x"]).astype(np.float32)
    Xt = flatten(test["test_set_x"]).astype(np.float32)
    return {"softmax": softmax_model(X, onehot(train["train_set_y"]), Xt, onehot(test["test_set_y"]),
                                     epochs=epochs)}


# ============================================================================ football: regularization
def football_model(X, Y, X_test, Y_test, lambd=0.0, keep_prob=1.0, iterations=30000, learning_rate=0.3):
    """[2, 20, 3, 1] ReLU-ReLU-sigmoid, init seed 3 with randn/sqrt(n_prev).

    Dropout masks come from the same generator, continuing after the init (seeded once, never
    inside the loop), so each iteration draws a fresh mask. Returns (train %, test %).
    """
    rng = np.random.RandomState(3)
    params = init_layers([X.shape[0], 20, 3, 1], rng, scaled=True)
    m = X.shape[1]
    for _ in range(iterations):
        acts, masks = [X], []
        for i, (W, b) in enumerate(params):
            Z = W @ acts[-1] + b
            if i == len(params) - 1:
                acts.append(sigmoid(Z))
                continue
            A = np.maximum(Z, 0)
            if keep_prob < 1:
                D = rng.rand(*A.shape) < keep_prob
                A = A * D / keep_prob
                masks.append(D)
            acts.append(A)
        dZ = acts[-1] - Y
        for layer in range(len(params) - 1, -1, -1):
            W, b = params[layer]
            dW = dZ @ acts[layer].T / m + lambd / m * W
            db = dZ.sum(axis=1, keepdims=True) / m
            if layer:
                dA = W.T @ dZ
                if keep_prob < 1:
                    dA = dA * masks[layer - 1] / keep_prob
                dZ = dA * (acts[layer] > 0)
            params[layer] = [W - learning_rate * dW, b - learning_rate * db]
    predict = lambda data: (forward(params, data)[-1] > 0.5).astype(int)
    return accuracy(predict(X), Y), accuracy(predict(X_test), Y_test)


def measure_football(seed):
    data = football.build(seed)["data.mat"]
    X, Y = data["X"].T, data["y"].T.astype(int)
    Xt, Yt = data["Xval"].T, data["yval"].T.astype(int)
    return {
        "baseline": football_model(X, Y, Xt, Yt),
        "L2 0.7": football_model(X, Y, Xt, Yt, lambd=0.7),
        "dropout 0.86": football_model(X, Y, Xt, Yt, keep_prob=0.86),
    }


# ============================================================================ ML strategy (11, 12)
#: The lessons' choices: phone pictures for dev and test, the generator seed of the split.
N_DEV, N_TEST, SPLIT_SEED = 100, 100, 1
#: Transfer: the last layer retrained on the phone training pictures.
TRANSFER_LEARNING_RATE, TRANSFER_ITERATIONS = 0.1, 2000
#: Multi-task head: tasks, share of "?" labels and its seed, hidden units, learning rate, iterations.
TASKS = {"cat": ["cat"], "other animal": ["dog", "husky", "fox", "rabbit", "bear", "owl", "mouse"],
         "object or scene": ["object", "landscape"]}
MISSING_SHARE, MISSING_SEED, HEAD_UNITS, HEAD_LEARNING_RATE, HEAD_ITERATIONS = 0.3, 2, 8, 0.05, 3000


def tag_arrays(rows):
    """Rows of ``cats.tag_rows`` as {column: array}, as ``utils.data.load_cat_tags`` returns them."""
    return {key: np.array([row[key] for row in rows]) for key in rows[0]}


def error_categories(tags):
    """The error-analysis columns of lesson 12: name -> boolean array, one entry per picture."""
    animals = ["dog", "husky", "fox", "rabbit", "bear", "owl", "mouse"]
    return {"dog or husky": np.isin(tags["kind"], ["dog", "husky"]),
            "other animal": np.isin(tags["kind"], ["fox", "rabbit", "bear", "owl", "mouse"]),
            "object or scene": np.isin(tags["kind"], ["object", "landscape"]),
            "cat sitting or lying": np.isin(tags["pose"], ["sitting", "lying"]),
            "dark fur": tags["dark_fur"] & np.isin(tags["kind"], ["cat"] + animals),
            "blurry": tags["blurry"], "low light": tags["dim"], "casual framing": tags["casual"],
            "wrong label": tags["wrong_label"]}


def hidden_layers(X, parameters, n_layers):
    """Activations of the first ``n_layers`` (ReLU) layers of the cat network."""
    A = X
    for l in range(1, n_layers + 1):
        A = np.maximum(parameters[f"W{l}"] @ A + parameters[f"b{l}"], 0)
    return A


def cat_predictions(X, parameters):
    """0/1 predictions of the 4-layer cat network, shape (m,)."""
    return (sigmoid(parameters["W4"] @ hidden_layers(X, parameters, 3) + parameters["b4"])[0] > 0.5).astype(int)


def logistic_head(A, Y, W, b, learning_rate, iterations):
    """Gradient descent on a sigmoid output layer over fixed features ``A``, from ``(W, b)``."""
    m = A.shape[1]
    for _ in range(iterations):
        dZ = sigmoid(W @ A + b) - Y
        W, b = W - learning_rate * dZ @ A.T / m, b - learning_rate * dZ.sum(axis=1, keepdims=True) / m
    return W, b


def multitask_head(A, Y, ignore_missing):
    """A shared ReLU layer and one sigmoid output per task on features ``A``; "?" labels are NaN.

    With ``ignore_missing`` a "?" adds nothing to the cost; otherwise it is read as 0. Returns a
    function from features to probabilities (tasks, m).
    """
    rng = np.random.RandomState(1)
    n, k, m = A.shape[0], Y.shape[0], A.shape[1]
    W1, b1 = rng.randn(HEAD_UNITS, n) * np.sqrt(2 / n), np.zeros((HEAD_UNITS, 1))
    W2, b2 = rng.randn(k, HEAD_UNITS) * np.sqrt(1 / HEAD_UNITS), np.zeros((k, 1))
    known = ~np.isnan(Y) if ignore_missing else np.ones(Y.shape, bool)
    Y0 = np.nan_to_num(Y, nan=0.0)
    for _ in range(HEAD_ITERATIONS):
        Z1 = W1 @ A + b1
        H = np.maximum(Z1, 0)
        dZ2 = (sigmoid(W2 @ H + b2) - Y0) * known / m
        dZ1 = (W2.T @ dZ2) * (Z1 > 0)
        W2, b2 = W2 - HEAD_LEARNING_RATE * dZ2 @ H.T, b2 - HEAD_LEARNING_RATE * dZ2.sum(1, keepdims=True)
        W1, b1 = W1 - HEAD_LEARNING_RATE * dZ1 @ A.T, b1 - HEAD_LEARNING_RATE * dZ1.sum(1, keepdims=True)
    return lambda features: sigmoid(W2 @ np.maximum(W1 @ features + b1, 0) + b2)


def measure_strategy(seed):
    """The figures the ML-strategy lessons print, on one generated version of the data.

    The reference network is retrained for the seed (as ``datasets/cat_model.py`` does for the
    shipped one). Returns {figure name: value}; errors and recalls in percent.
    """
    files = cats.build(seed)
    train, test = files["train_catvnoncat.h5"], files["test_catvnoncat.h5"]
    X, Y = cat_model.flatten(train["train_set_x"]), train["train_set_y"]
    parameters, _ = cat_model.train(X, Y.reshape(1, -1))
    x_phone, true_labels, labels, phone_tags = cats.phone_pool(seed)
    X_phone = cat_model.flatten(x_phone)
    np.random.seed(SPLIT_SEED)  # the lessons' split: the phone pictures shuffled, then dev, test, training
    order = np.random.permutation(len(labels))
    dev, test_idx, phone_train = order[:N_DEV], order[N_DEV:N_DEV + N_TEST], order[N_DEV + N_TEST:]
    error = lambda predicted, y: 100.0 * float(np.mean(predicted != y))
    predicted = cat_predictions(X_phone, parameters)
    figures = {"train error": error(cat_predictions(X, parameters), Y),
               "train-dev error": error(cat_predictions(cat_model.flatten(test["test_set_x"]), parameters),
                                        test["test_set_y"]),
               "dev error": error(predicted[dev], labels[dev]), "test error": error(predicted[test_idx], labels[test_idx])}
    # lesson 11's metrics on the web test pictures: the network at two thresholds, and "always cat"
    proba_test = sigmoid(parameters["W4"] @ hidden_layers(cat_model.flatten(test["test_set_x"]), parameters, 3)
                         + parameters["b4"])[0]
    y_test = test["test_set_y"]
    weights = np.where(y_test == 1, 1.0, 10.0)  # a non-cat in the cat feed costs ten times a missed cat
    for name, said_cat in (("threshold 0.5", proba_test > 0.5), ("threshold 0.9", proba_test > 0.9),
                           ("always cat", np.ones(len(y_test), bool))):
        found = float(np.sum(said_cat & (y_test == 1)))
        precision, recall = found / max(1, said_cat.sum()), found / (y_test == 1).sum()
        figures[f"F1, {name}"] = 100 * 2 * precision * recall / (precision + recall) if found else 0.0
        figures[f"error / weighted error, {name}"] = (error(said_cat, y_test),
                                                      100 * float(np.sum(weights * (said_cat != y_test)) / weights.sum()))
    figures["variance"] = figures["train-dev error"] - figures["train error"]
    figures["data mismatch"] = figures["dev error"] - figures["train-dev error"]
    # error analysis of the dev mistakes
    tags = tag_arrays(cats.tag_rows("phone", phone_tags, true_labels, labels))
    wrong = predicted[dev] != labels[dev]
    figures["dev mistakes"] = float(wrong.sum())
    for name, column in error_categories(tags).items():
        column = column[dev]
        figures[f"mistakes: {name}"] = float(np.sum(wrong & column))
        figures[f"error with / without: {name}"] = (error(predicted[dev][column], labels[dev][column]),
                                                    error(predicted[dev][~column], labels[dev][~column]))
    figures["dev error, labels corrected"] = error(predicted[dev], true_labels[dev])
    # transfer: the last layer retrained on the phone training pictures
    A3 = hidden_layers(X_phone, parameters, 3)
    W, b = logistic_head(A3[:, phone_train], labels[phone_train].reshape(1, -1), parameters["W4"], parameters["b4"],
                         TRANSFER_LEARNING_RATE, TRANSFER_ITERATIONS)
    retrained = (sigmoid(W @ A3 + b)[0] > 0.5).astype(int)
    figures["transfer dev error"] = error(retrained[dev], labels[dev])
    figures["transfer test error"] = error(retrained[test_idx], labels[test_idx])
    # multi-task: three tasks on the first layer's features, "?" ignored or read as 0
    train_tags = tag_arrays(cats.tag_rows("train", cats.draw_with_tags(cats.make_picture, seed, 0, Y)[1], Y, Y))
    task_labels = lambda t: np.stack([np.isin(t["kind"], kinds) for kinds in TASKS.values()]).astype(float)
    A_train = np.hstack([hidden_layers(X, parameters, 1), hidden_layers(X_phone[:, phone_train], parameters, 1)])
    Y_tasks = np.hstack([task_labels(train_tags), task_labels(tags)[:, phone_train]])
    np.random.seed(MISSING_SEED)
    Y_tasks[np.random.rand(*Y_tasks.shape) < MISSING_SHARE] = np.nan
    Y_dev = task_labels(tags)[:, dev]
    for ignore in (True, False):
        found = multitask_head(A_train, Y_tasks, ignore)(hidden_layers(X_phone[:, dev], parameters, 1)) > 0.5
        recall = 100.0 * (found & (Y_dev == 1)).sum(axis=1) / (Y_dev == 1).sum(axis=1)
        for task, value in zip(TASKS, recall):
            figures[f"recall, ? {'ignored' if ignore else 'as 0'}: {task}"] = float(value)
    return figures


# ============================================================================ command line
MEASURES = {"cats": (measure_cats, cats.SEED), "signs": (measure_signs, signs.SEED),
            "football": (measure_football, football.SEED), "strategy": (measure_strategy, cats.SEED)}


def report(name, n_seeds, first_seed=None, **options):
    """Measure ``name`` on ``n_seeds`` generator seeds and print per-seed figures and means.

    The seeds are ``first_seed, first_seed + 1, ...``; by default the shipped seed comes first.
    """
    measure, shipped_seed = MEASURES[name]
    first_seed = shipped_seed if first_seed is None else first_seed
    results = []
    for seed in range(first_seed, first_seed + n_seeds):
        start = time.time()
        figures = measure(seed, **options)
        results.append(figures)
        shipped = " (shipped)" if seed == shipped_seed else ""
        if name == "strategy":
            print(f"seed {seed}{shipped}  [{time.time() - start:.0f} s]", flush=True)
            continue
        shown = "  ".join(f"{model}: train {tr:5.1f} test {te:5.1f}" for model, (tr, te) in figures.items())
        print(f"seed {seed}{shipped}: {shown}  [{time.time() - start:.0f} s]", flush=True)
    if name == "strategy":
        report_figures(results, first_seed)
        return results
    for model in results[0]:
        train = np.mean([r[model][0] for r in results])
        test = np.mean([r[model][1] for r in results])
        spread = np.std([r[model][1] for r in results])
        print(f"mean over {n_seeds} seeds, {model}: train {train:.1f} %, test {test:.1f} % (std {spread:.1f})")
    return results


def report_figures(results, first_seed):
    """One line per figure: its value for every seed (``a / b`` for pairs), then the mean."""
    seeds = " ".join(f"{first_seed + k:>11}" for k in range(len(results)))
    print(f"{'figure':<44}{seeds}   mean")
    for figure in results[0]:
        values = np.array([r[figure] for r in results], dtype=float)
        if values.ndim == 1:
            shown, mean = " ".join(f"{v:11.1f}" for v in values), f"{np.mean(values):.1f}"
        else:
            shown = " ".join(f"{a:5.1f} /{b:5.1f}" for a, b in values)
            mean = f"{np.nanmean(values[:, 0]):.1f} / {np.nanmean(values[:, 1]):.1f}"
        print(f"{figure:<44}{shown}   {mean}")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("dataset", choices=sorted(MEASURES))
    parser.add_argument("--seeds", type=int, default=5, help="number of generator seeds (default 5)")
    parser.add_argument("--first-seed", type=int, default=None, help="first generator seed (default: the shipped one)")
    parser.add_argument("--epochs", type=int, default=None, help="signs only: Adam epochs (default 1000)")
    args = parser.parse_args(argv)
    options = {"epochs": args.epochs} if args.dataset == "signs" and args.epochs else {}
    # These small products run faster on one BLAS thread, and so does a shared machine.
    with threadpool_limits(limits=1):
        report(args.dataset, args.seeds, args.first_seed, **options)


if __name__ == "__main__":
    main()
