# expect: wrong_answer
# The center updated first, then the context's and negatives' gradients taken from the new center.
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
    new_context = context - lr * g_pos * new_center
    new_negatives = negatives - lr * g_neg[:, None] * new_center[None, :]
    return new_center, new_context, new_negatives, float(loss)
