# expect: accepted
# einsum for both products, written into a preallocated array by time index; the dtype the
# inputs give (float32 inputs stay float32).
import numpy as np


def rnn_forward(x, h0, Wx, Wh, b):
    T, N, _ = x.shape
    H = Wh.shape[0]
    out = np.zeros((T, N, H), dtype=np.result_type(x, h0, Wx, Wh, b))
    prev = h0
    for t in range(T):
        z = np.einsum("nd,dh->nh", x[t], Wx) + np.einsum("nk,kh->nh", prev, Wh) + b
        out[t] = np.tanh(z)
        prev = out[t]
    return out
