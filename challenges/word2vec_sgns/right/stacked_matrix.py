# expect: accepted
# Context and negatives stacked into one matrix with labels 1 and 0: one logistic-regression step
# on the scores, with a guarded sigmoid.
import numpy as np


def sigmoid(z):
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def word2vec_sgns_step(center, context, negatives, lr):
    W = np.vstack([context[None, :], negatives])  # (k + 1, d)
    labels = np.zeros(len(W))
    labels[0] = 1.0
    scores = W @ center
    signs = 2 * labels - 1
    loss = np.sum(np.maximum(-signs * scores, 0) + np.log1p(np.exp(-np.abs(scores))))
    err = sigmoid(scores) - labels  # d loss / d score
    new_center = center - lr * (err @ W)
    new_W = W - lr * err[:, None] * center[None, :]
    return new_center, new_W[0], new_W[1:], float(loss)
