# expect: accepted
# exp(x - logsumexp(x)), along the last axis of a moved view, in the input's own precision.
import numpy as np


def softmax(x, axis=-1):
    moved = np.moveaxis(x, axis, -1)
    top = moved.max(axis=-1)[..., None]
    lse = top + np.log(np.exp(moved - top).sum(axis=-1))[..., None]
    return np.moveaxis(np.exp(moved - lse), -1, axis)
