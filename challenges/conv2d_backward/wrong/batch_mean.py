# expect: wrong_answer
# Divides dw and db by the batch size, as if the loss were a mean over the images: the gradient
# of sum(grad_out * out) sums over the batch (grad_out already carries any mean).
import numpy as np
from numpy.lib.stride_tricks import sliding_window_view


def conv2d_backward(x, w, grad_out, stride=1, padding=0):
    n, _, h, width = x.shape
    kh, kw = w.shape[2:]
    out_h, out_w = grad_out.shape[2:]
    p = padding
    padded = np.pad(x, ((0, 0), (0, 0), (p, p), (p, p)))
    windows = sliding_window_view(padded, (kh, kw), axis=(2, 3))[:, :, ::stride, ::stride]
    dw = np.tensordot(grad_out, windows, axes=([0, 2, 3], [0, 2, 3])) / n
    d_padded = np.zeros(padded.shape)
    rows, cols = stride * (out_h - 1) + 1, stride * (out_w - 1) + 1
    for u in range(kh):
        for v in range(kw):
            back = np.einsum("nfij,fc->ncij", grad_out, w[:, :, u, v])
            d_padded[:, :, u : u + rows : stride, v : v + cols : stride] += back
    db = grad_out.sum(axis=(0, 2, 3)) / n
    return d_padded[:, :, p : p + h, p : p + width], dw, db
