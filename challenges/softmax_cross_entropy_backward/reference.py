import numpy as np


def softmax_cross_entropy_backward(logits, targets):
    logits = np.asarray(logits)
    targets = np.asarray(targets)
    dtype = np.result_type(logits, np.float32)  # float32 stays float32, else float64
    n = logits.shape[0]
    # softmax in float64 with the row's maximum subtracted: exp never overflows.
    z = logits.astype(np.float64)
    z -= z.max(axis=1, keepdims=True)
    p = np.exp(z)
    p /= p.sum(axis=1, keepdims=True)
    # d/dz of mean_i (logsumexp(z_i) - z_i[t_i]) = (softmax(z_i) - onehot(t_i)) / N.
    p[np.arange(n), targets] -= 1.0
    p /= n
    return p.astype(dtype, copy=False)
