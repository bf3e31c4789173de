# expect: wrong_answer
# Probabilities clipped to [1e-7, 1 - 1e-7] before the log "to avoid log(0)": every confident term
# of the loss is off by about 1e-7, and a score of 1000 on the wrong side costs 16, not 1000.
import numpy as np


def sigmoid(z):
    return np.exp(-np.logaddexp(0.0, -z))


def word2vec_sgns_step(center, context, negatives, lr):
    pos = context @ center
    neg = negatives @ center
    p_pos = np.clip(sigmoid(pos), 1e-7, 1 - 1e-7)
    p_neg = np.clip(sigmoid(neg), 1e-7, 1 - 1e-7)
    loss = -np.log(p_pos) - np.log(1 - p_neg).sum()
    g_pos = sigmoid(pos) - 1.0
    g_neg = sigmoid(neg)
    new_center = center - lr * (g_pos * context + g_neg @ negatives)
    new_context = context - lr * g_pos * center
    new_negatives = negatives - lr * g_neg[:, None] * center[None, :]
    return new_center, new_context, new_negatives, float(loss)
