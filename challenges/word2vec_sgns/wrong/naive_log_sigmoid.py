# expect: wrong_answer
# -log(1 / (1 + exp(-z))): exp overflows for scores of -1000 on the wrong side and the loss is
# infinite.
import numpy as np


def sigmoid(z):
    return np.exp(-np.logaddexp(0.0, -z))


def word2vec_sgns_step(center, context, negatives, lr):
    pos = context @ center
    neg = negatives @ center
    loss = -np.log(1 / (1 + np.exp(-pos))) - np.log(1 / (1 + np.exp(neg))).sum()
    g_pos = sigmoid(pos) - 1.0
    g_neg = sigmoid(neg)
    new_center = center - lr * (g_pos * context + g_neg @ negatives)
    new_context = context - lr * g_pos * center
    new_negatives = negatives - lr * g_neg[:, None] * center[None, :]
    return new_center, new_context, new_negatives, float(loss)
