# expect: accepted
# im2col with explicit index arrays: every window gathered into the rows of one matrix, two
# matrix products for dw and for the columns' gradient, then col2im by np.bincount over flat
# indices (an element shared by overlapping windows collects every contribution).
import numpy as np


def conv2d_backward(x, w, grad_out, stride=1, padding=0):
    n, c, h, width = x.shape
    f, _, kh, kw = w.shape
    out_h, out_w = grad_out.shape[2:]
    p = padding
    padded = np.pad(x, ((0, 0), (0, 0), (p, p), (p, p)))
    hp, wp = padded.shape[2:]
    # Row and column of the padded input for (i, u) and (j, v), broadcast to
    # (out_h, out_w, C, KH, KW).
    rows = (np.arange(out_h) * stride)[:, None, None, None, None] + np.arange(kh)[:, None]
    cols = (np.arange(out_w) * stride)[:, None, None, None] + np.arange(kw)
    chans = np.arange(c)[:, None, None]
    cols_matrix = padded[:, chans, rows, cols].reshape(n * out_h * out_w, c * kh * kw)
    g = grad_out.transpose(0, 2, 3, 1).reshape(-1, f)  # (N * out_h * out_w, F)
    dw = (g.T @ cols_matrix).reshape(w.shape)
    d_cols = g @ w.reshape(f, -1)  # (N * out_h * out_w, C * KH * KW)
    flat = (chans * hp + rows) * wp + cols  # within one image
    flat = (np.arange(n)[:, None, None, None, None, None] * (c * hp * wp) + flat).ravel()
    d_padded = np.bincount(flat, weights=d_cols.ravel(), minlength=padded.size)
    d_padded = d_padded.reshape(padded.shape).astype(d_cols.dtype)
    return d_padded[:, :, p : p + h, p : p + width], dw, grad_out.sum(axis=(0, 2, 3))
