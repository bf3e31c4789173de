# expect: accepted
# One loop over the output positions (i, j), each vectorised over the batch, the filters and the
# channels: the window behind (i, j) gives dw its share, and grad_out[:, :, i, j] @ w goes back
# to that window of the padded input, where overlapping windows add up.
import numpy as np


def conv2d_backward(x, w, grad_out, stride=1, padding=0):
    n, c, h, width = x.shape
    f, _, kh, kw = w.shape
    out_h, out_w = grad_out.shape[2:]
    p = padding
    padded = np.zeros((n, c, h + 2 * p, width + 2 * p), dtype=x.dtype)
    padded[:, :, p : p + h, p : p + width] = x
    d_padded = np.zeros(padded.shape, dtype=np.result_type(x, w, grad_out))
    dw = np.zeros(w.shape, dtype=d_padded.dtype)
    w_matrix = w.reshape(f, -1)
    for i in range(out_h):
        for j in range(out_w):
            top, left = i * stride, j * stride
            window = padded[:, :, top : top + kh, left : left + kw].reshape(n, -1)
            g = grad_out[:, :, i, j]  # (N, F)
            dw += (g.T @ window).reshape(w.shape)
            d_padded[:, :, top : top + kh, left : left + kw] += (g @ w_matrix).reshape(n, c, kh, kw)
    db = grad_out.sum(axis=(0, 2, 3))
    return d_padded[:, :, p : p + h, p : p + width], dw, db
