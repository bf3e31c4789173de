# expect: wrong_answer
# col2im with d_padded[index] += d_cols: NumPy buffers the update, so where windows overlap
# (stride smaller than the kernel) an element keeps only one window's contribution
# (np.add.at adds them all).
import numpy as np


def conv2d_backward(x, w, grad_out, stride=1, padding=0):
    n, c, h, width = x.shape
    f, _, kh, kw = w.shape
    out_h, out_w = grad_out.shape[2:]
    p = padding
    padded = np.pad(x, ((0, 0), (0, 0), (p, p), (p, p)))
    rows = (np.arange(out_h) * stride)[:, None, None, None, None] + np.arange(kh)[:, None]
    cols = (np.arange(out_w) * stride)[:, None, None, None] + np.arange(kw)
    chans = np.arange(c)[:, None, None]
    cols_matrix = padded[:, chans, rows, cols].reshape(n * out_h * out_w, c * kh * kw)
    g = grad_out.transpose(0, 2, 3, 1).reshape(-1, f)
    dw = (g.T @ cols_matrix).reshape(w.shape)
    d_cols = (g @ w.reshape(f, -1)).reshape(n, out_h, out_w, c, kh, kw)
    d_padded = np.zeros(padded.shape)
    batch = np.arange(n)[:, None, None, None, None, None]
    d_padded[batch, chans, rows, cols] += d_cols
    return d_padded[:, :, p : p + h, p : p + width], dw, grad_out.sum(axis=(0, 2, 3))
