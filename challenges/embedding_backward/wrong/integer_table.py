# expect: wrong_answer
# The table of gradients allocated like the indices (an integer array): the sums are truncated.
import numpy as np


def embedding_backward(indices, grad_out, vocab_size):
    d = grad_out.shape[-1]
    dW = np.zeros((vocab_size, d), dtype=np.asarray(indices).dtype)
    np.add.at(dW, np.reshape(indices, -1), np.reshape(grad_out, (-1, d)).astype(dW.dtype))
    return dW
