# expect: wrong_answer
# The right step, done with -= on the caller's arrays: the inputs are changed.
import numpy as np


def sigmoid(z):
    return np.exp(-np.logaddexp(0.0, -z))


def word2vec_sgns_step(center, context, negatives, lr):
    pos = context @ center
    neg = negatives @ center
    loss = np.logaddexp(0.0, -pos) + np.logaddexp(0.0, neg).sum()
    g_pos = sigmoid(pos) - 1.0
    g_neg = sigmoid(neg)
    d_center = g_pos * context + g_neg @ negatives
    d_context = g_pos * center
    d_negatives = g_neg[:, None] * center[None, :]
    center -= lr * d_center
    context -= lr * d_context
    negatives -= lr * d_negatives
    return center, context, negatives, float(loss)
