# expect: wrong_answer
# dx as the full correlation of the (dilated) gradient with the kernel as it is: the kernel must
# be rotated by 180 degrees there, because the forward pass does not flip it.
import numpy as np
from numpy.lib.stride_tricks import sliding_window_view


def conv2d_backward(x, w, grad_out, stride=1, padding=0):
    n, c, h, width = x.shape
    f, _, kh, kw = w.shape
    out_h, out_w = grad_out.shape[2:]
    p = padding
    dilated = np.zeros((n, f, (out_h - 1) * stride + 1, (out_w - 1) * stride + 1))
    dilated[:, :, ::stride, ::stride] = grad_out
    full = np.pad(dilated, ((0, 0), (0, 0), (kh - 1, kh - 1), (kw - 1, kw - 1)))
    windows = sliding_window_view(full, (kh, kw), axis=(2, 3))
    d_covered = np.einsum("nfijuv,fcuv->ncij", windows, w)  # no rotation
    d_padded = np.zeros((n, c, h + 2 * p, width + 2 * p))
    d_padded[:, :, : d_covered.shape[2], : d_covered.shape[3]] = d_covered
    padded = np.pad(x, ((0, 0), (0, 0), (p, p), (p, p)))
    win = sliding_window_view(padded, (kh, kw), axis=(2, 3))[:, :, ::stride, ::stride]
    dw = np.einsum("nfij,ncijuv->fcuv", grad_out, win)
    return d_padded[:, :, p : p + h, p : p + width], dw, grad_out.sum(axis=(0, 2, 3))
