# expect: wrong_answer
# Cuts the padded input's gradient down to H x W from the top-left corner, d_padded[:, :, :H, :W],
# instead of dropping `padding` rows and columns on both sides: shifted wherever padding > 0.
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
    rows, cols = stride * (out_h - 1) + 1, stride * (out_w - 1) + 1
    for u in range(kh):
        for v in range(kw):
            back = np.einsum("nfij,fc->ncij", grad_out, w[:, :, u, v])
            d_padded[:, :, u : u + rows : stride, v : v + cols : stride] += back
    return d_padded[:, :, :h, :width], dw, grad_out.sum(axis=(0, 2, 3))
