# expect: wrong_answer
# Sends output (i, j)'s gradient back to the window at (i + u, j + v), as if the stride were 1:
# dw and db are right, dx is wrong (and shifted) wherever the stride is 2 or 3.
import numpy as np
from numpy.lib.stride_tricks import sliding_window_view


def conv2d_backward(x, w, grad_out, stride=1, padding=0):
    _, _, h, width = x.shape
    kh, kw = w.shape[2:]
    out_h, out_w = grad_out.shape[2:]
    p = padding
    padded = np.pad(x, ((0, 0), (0, 0), (p, p), (p, p)))
    windows = sliding_window_view(padded, (kh, kw), axis=(2, 3))[:, :, ::stride, ::stride]
    dw = np.tensordot(grad_out, windows, axes=([0, 2, 3], [0, 2, 3]))
    d_padded = np.zeros(padded.shape)
    for u in range(kh):
        for v in range(kw):
            back = np.einsum("nfij,fc->ncij", grad_out, w[:, :, u, v])
            d_padded[:, :, u : u + out_h, v : v + out_w] += back
    return d_padded[:, :, p : p + h, p : p + width], dw, grad_out.sum(axis=(0, 2, 3))
