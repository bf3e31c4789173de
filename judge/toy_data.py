"""Synthetic classification problems for the packages that check a training by its held-out
accuracy (``torch_mlp_training``, ``torch_transfer_learning``): each maker takes the suite's
``rng`` and returns ``draw(n) -> (X, y)``, so that a case's training and held-out sets come from
one distribution. NumPy only: the cases are made on the worker."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

Draw = Callable[[int], tuple[np.ndarray, np.ndarray]]


def centres(rng: np.random.Generator, count: int, dims: int, min_gap: float) -> np.ndarray:
    """``count`` blob centres at least ``min_gap`` apart, placed one at a time in a cube that
    grows whenever a new centre finds no room."""
    spread = 1.0
    placed: list[np.ndarray] = []
    while len(placed) < count:
        for _ in range(50):
            c = rng.uniform(-spread, spread, size=dims)
            if all(np.linalg.norm(c - other) >= min_gap for other in placed):
                placed.append(c)
                break
        else:
            spread *= 1.1
    return np.array(placed)


def blobs(
    rng: np.random.Generator,
    dims: int,
    classes: int,
    per_class: int,
    sigma: float = 0.5,
    mixed: bool = False,
) -> Draw:
    """Each class is ``per_class`` Gaussian blobs, 6 sigma apart (a Bayes accuracy near 1);
    ``mixed``: the blobs dealt to the classes at random rather than in turn."""
    count = classes * per_class
    where = centres(rng, count, dims, 6 * sigma)
    owner = np.repeat(np.arange(classes), per_class)
    if mixed:
        owner = rng.permutation(owner)

    def draw(n: int) -> tuple[np.ndarray, np.ndarray]:
        which = rng.integers(0, count, size=n)
        return where[which] + rng.normal(scale=sigma, size=(n, dims)), owner[which]

    return draw


def moons(rng: np.random.Generator, jitter: float = 0.15) -> Draw:
    """Two interleaved half circles."""

    def draw(n: int) -> tuple[np.ndarray, np.ndarray]:
        y = rng.integers(0, 2, size=n)
        t = rng.uniform(0, np.pi, size=n)
        upper = np.c_[np.cos(t), np.sin(t)]
        lower = np.c_[1 - np.cos(t), 0.5 - np.sin(t)]
        return np.where(y[:, None] == 0, upper, lower) + rng.normal(scale=jitter, size=(n, 2)), y

    return draw


def rings(rng: np.random.Generator, classes: int, jitter: float = 0.12) -> Draw:
    """Concentric rings, one a class."""

    def draw(n: int) -> tuple[np.ndarray, np.ndarray]:
        y = rng.integers(0, classes, size=n)
        t = rng.uniform(0, 2 * np.pi, size=n)
        r = 0.6 + 0.9 * y + rng.normal(scale=jitter, size=n)
        return np.c_[r * np.cos(t), r * np.sin(t)], y

    return draw


def as_scalar(value: object, kinds: str) -> np.ndarray | None:
    """``value`` as a 0-d array of one of ``kinds`` (NumPy dtype kinds), or None."""
    try:
        array = np.asarray(value)
    except Exception:
        return None
    return array if array.shape == () and array.dtype.kind in kinds else None
