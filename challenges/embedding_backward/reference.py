import numpy as np


def embedding_backward(indices, grad_out, vocab_size):
    grad_out = np.asarray(grad_out)
    d = grad_out.shape[-1]
    dtype = np.result_type(grad_out, np.float32)  # float32 stays float32, else float64
    dW = np.zeros((vocab_size, d), dtype=np.float64)
    # Unbuffered: a token that occurs k times receives all k of its gradient rows
    # (dW[idx] += g would keep only one of them).
    np.add.at(dW, np.asarray(indices).reshape(-1), grad_out.reshape(-1, d).astype(np.float64))
    return dW.astype(dtype, copy=False)
