# expect: wrong_answer
# dW[idx] = g: every occurrence overwrites the previous one instead of adding to it.
import numpy as np


def embedding_backward(indices, grad_out, vocab_size):
    d = grad_out.shape[-1]
    dW = np.zeros((vocab_size, d))
    dW[np.reshape(indices, -1)] = np.reshape(grad_out, (-1, d))
    return dW
