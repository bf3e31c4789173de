# expect: accepted
# The textbook formulas: dw is the cross-correlation of the padded input with grad_out, dilated
# by the stride; dx is the "full" convolution of the dilated grad_out with the kernel rotated by
# 180 degrees (and its filter and channel axes swapped), cropped to the unpadded input. Rows and
# columns of the padded input that no window reached (floored output sizes) get zeros.
import numpy as np
from numpy.lib.stride_tricks import sliding_window_view


def conv2d_backward(x, w, grad_out, stride=1, padding=0):
    n, c, h, width = x.shape
    f, _, kh, kw = w.shape
    out_h, out_w = grad_out.shape[2:]
    p = padding
    hp, wp = h + 2 * p, width + 2 * p
    # grad_out dilated by the stride, then zero rows and columns up to the size that the windows
    # actually cover: (out_h - 1) * stride + kh rows.
    dilated = np.zeros((n, f, (out_h - 1) * stride + 1, (out_w - 1) * stride + 1), grad_out.dtype)
    dilated[:, :, ::stride, ::stride] = grad_out
    padded_x = np.pad(x, ((0, 0), (0, 0), (p, p), (p, p)))
    covered_x = padded_x[:, :, : dilated.shape[2] + kh - 1, : dilated.shape[3] + kw - 1]
    # dw[f, c, u, v] = sum over n, a, b of dilated[n, f, a, b] * padded_x[n, c, a + u, b + v]
    patches = sliding_window_view(covered_x, dilated.shape[2:], axis=(2, 3))  # (N,C,KH,KW,a,b)
    dw = np.einsum("nfab,ncuvab->fcuv", dilated, patches, optimize=True)
    # Full convolution: pad the dilated gradient by KH - 1 and KW - 1, correlate with the
    # rotated kernel.
    full = np.pad(dilated, ((0, 0), (0, 0), (kh - 1, kh - 1), (kw - 1, kw - 1)))
    rotated = w[:, :, ::-1, ::-1]
    windows = sliding_window_view(full, (kh, kw), axis=(2, 3))  # (N, F, rows, cols, KH, KW)
    d_covered = np.tensordot(windows, rotated, axes=([1, 4, 5], [0, 2, 3])).transpose(0, 3, 1, 2)
    d_padded = np.zeros((n, c, hp, wp), dtype=d_covered.dtype)
    d_padded[:, :, : d_covered.shape[2], : d_covered.shape[3]] = d_covered
    db = grad_out.sum(axis=(0, 2, 3))
    return d_padded[:, :, p : p + h, p : p + width], dw, db
