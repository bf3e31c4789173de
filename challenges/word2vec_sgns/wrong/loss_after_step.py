# expect: wrong_answer
# The loss reported for the updated vectors instead of the ones passed in.
import numpy as np


def sigmoid(z):
    return np.exp(-np.logaddexp(0.0, -z))


def word2vec_sgns_step(center, context, negatives, lr):
    pos = context @ center
    neg = negatives @ center
    loss = np.logaddexp(0.0, -pos) + np.logaddexp(0.0, neg).sum()
    g_pos = sigmoid(pos) - 1.0
    g_neg = sigmoid(neg)
    new_center = center - lr * (g_pos * context + g_neg @ negatives)
    new_context = context - lr * g_pos * center
    new_negatives = negatives - lr * g_neg[:, None] * center[None, :]
    loss = np.logaddexp(0.0, -(new_context @ new_center))
    loss += np.logaddexp(0.0, new_negatives @ new_center).sum()
    return new_center, new_context, new_negatives, float(loss)
