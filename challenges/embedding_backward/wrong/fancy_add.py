# expect: wrong_answer
# dW[idx] += g: NumPy's fancy-indexed += is buffered, so a token that occurs several times gets
# only one of its gradient rows (the last), not their sum.
import numpy as np


def embedding_backward(indices, grad_out, vocab_size):
    d = grad_out.shape[-1]
    dW = np.zeros((vocab_size, d))
    dW[np.reshape(indices, -1)] += np.reshape(grad_out, (-1, d))
    return dW
