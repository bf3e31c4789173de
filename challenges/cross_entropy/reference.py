import numpy as np


def cross_entropy(logits, targets):
    x = np.array(logits, dtype=np.float64)  # a float64 copy: logits are left unchanged
    rows = np.arange(len(x))
    picked = x[rows, targets]  # the target class's logit, row by row
    top = x.max(axis=1)
    x -= top[:, None]
    np.exp(x, out=x)
    # -log softmax(x)[target] = logsumexp(x) - x[target],
    # with logsumexp(x) = max + log(sum(exp(x - max))): exp never overflows.
    losses = top + np.log(x.sum(axis=1)) - picked
    return float(losses.mean())
