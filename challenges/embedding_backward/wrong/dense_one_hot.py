# expect: memory_limit_exceeded
# Right values, through a dense one-hot matrix of (tokens, vocabulary): on the benchmark that is
# 16384 x 8192 float64, 1 GB, four times the memory limit.
import numpy as np


def embedding_backward(indices, grad_out, vocab_size):
    d = grad_out.shape[-1]
    one_hot = np.eye(vocab_size)[np.reshape(indices, -1)]
    return one_hot.T @ np.reshape(grad_out, (-1, d))
