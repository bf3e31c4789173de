# expect: wrong_answer
# word2vec.c's habit: scores clipped to [-6, 6] (its sigmoid table's range) before the loss and
# gradients.
import numpy as np


def sigmoid(z):
    return np.exp(-np.logaddexp(0.0, -z))


def word2vec_sgns_step(center, context, negatives, lr):
    pos = np.clip(context @ center, -6, 6)
    neg = np.clip(negatives @ center, -6, 6)
    loss = np.logaddexp(0.0, -pos) + np.logaddexp(0.0, neg).sum()
    g_pos = sigmoid(pos) - 1.0
    g_neg = sigmoid(neg)
    new_center = center - lr * (g_pos * context + g_neg @ negatives)
    new_context = context - lr * g_pos * center
    new_negatives = negatives - lr * g_neg[:, None] * center[None, :]
    return new_center, new_context, new_negatives, float(loss)
