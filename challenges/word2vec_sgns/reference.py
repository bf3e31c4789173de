import numpy as np


def word2vec_sgns_step(center, context, negatives, lr):
    dtype = np.result_type(center, context, negatives, np.float32)  # float32 stays float32
    v = np.asarray(center, dtype=np.float64)  # (d,)
    u = np.asarray(context, dtype=np.float64)  # (d,)
    n = np.asarray(negatives, dtype=np.float64)  # (k, d); a copy unless already float64
    pos = u @ v
    neg = n @ v  # (k,)
    # -log sigmoid(z) = log(1 + exp(-z)), stable for any z.
    loss = np.logaddexp(0.0, -pos) + np.logaddexp(0.0, neg).sum()
    g_pos = -np.exp(-np.logaddexp(0.0, pos))  # sigmoid(pos) - 1 = -sigmoid(-pos)
    g_neg = np.exp(-np.logaddexp(0.0, -neg))  # sigmoid(neg)
    # Every gradient from the old vectors, then one step on all three.
    new_center = v - lr * (g_pos * u + g_neg @ n)
    new_context = u - lr * (g_pos * v)
    new_negatives = n - np.outer(lr * g_neg, v)  # row j: n_j - lr * sigmoid(n_j . v) * v
    return (
        new_center.astype(dtype, copy=False),
        new_context.astype(dtype, copy=False),
        new_negatives.astype(dtype, copy=False),
        float(loss),
    )
