# expect: accepted
# The similarity matrix as its four N x N blocks (z1 with z1, z1 with z2, z2 with z1, z2 with
# z2), never stacked: each view's denominator is its same-view row without the diagonal plus its
# cross-view row, by a stable log-sum-exp per block (in place, one block at a time).
import numpy as np


def _normalise(z):
    z = np.asarray(z, dtype=np.float64)
    return z / np.sqrt(np.einsum("ij,ij->i", z, z))[:, None]


def _view_losses(a, b, temperature):
    """The losses of the views in a, whose positives are the rows of b in the same order."""
    same = a @ a.T
    np.fill_diagonal(same, -np.inf)
    cross = a @ b.T
    positive = np.einsum("ij,ij->i", a, b)
    top = np.maximum(same.max(axis=1), cross.max(axis=1))
    total = np.zeros(len(a))
    for block in (same, cross):
        block -= top[:, None]
        block *= 1.0 / temperature
        np.exp(block, out=block)
        total += block.sum(axis=1)
    return (top - positive) / temperature + np.log(total)


def info_nce(z1, z2, temperature):
    a, b = _normalise(z1), _normalise(z2)
    losses = np.concatenate([_view_losses(a, b, temperature), _view_losses(b, a, temperature)])
    return float(losses.mean())
