# expect: wrong_answer
# Sizes dW from the largest index seen, max(indices) + 1, instead of vocab_size: too few rows
# whenever the top of the vocabulary does not occur.
import numpy as np


def embedding_backward(indices, grad_out, vocab_size):
    d = grad_out.shape[-1]
    flat = np.reshape(indices, -1)
    rows = int(flat.max()) + 1 if flat.size else 0
    dW = np.zeros((rows, d))
    np.add.at(dW, flat, np.reshape(grad_out, (-1, d)))
    return dW
