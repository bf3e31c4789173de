# expect: wrong_answer
# Averages the gradient rows of a repeated token instead of summing them.
import numpy as np


def embedding_backward(indices, grad_out, vocab_size):
    d = grad_out.shape[-1]
    flat = np.reshape(indices, -1)
    dW = np.zeros((vocab_size, d))
    np.add.at(dW, flat, np.reshape(grad_out, (-1, d)))
    counts = np.bincount(flat, minlength=vocab_size)
    return dW / np.maximum(counts, 1)[:, None]
