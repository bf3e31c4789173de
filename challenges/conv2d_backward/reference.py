import numpy as np


def conv2d_backward(x, w, grad_out, stride=1, padding=0):
    n, c, h, width = x.shape
    f, _, kh, kw = w.shape
    out_h, out_w = grad_out.shape[2:]
    p = padding
    padded = np.pad(x, ((0, 0), (0, 0), (p, p), (p, p)))
    dtype = np.result_type(x, w, grad_out)
    dw = np.zeros(w.shape, dtype=dtype)
    d_padded = np.zeros(padded.shape, dtype=dtype)
    # grad_out as an (F, N * out_h * out_w) matrix: one column per output position.
    g = grad_out.transpose(1, 0, 2, 3).reshape(f, -1)
    # For one kernel offset (u, v), output (i, j) reads the padded input at (i * stride + u,
    # j * stride + v): one strided slice of it, the same shape as grad_out's planes.
    rows, cols = stride * (out_h - 1) + 1, stride * (out_w - 1) + 1
    for u in range(kh):
        for v in range(kw):
            at = (slice(None), slice(None), slice(u, u + rows, stride), slice(v, v + cols, stride))
            patch = padded[at].transpose(1, 0, 2, 3).reshape(c, -1)  # (C, N * out_h * out_w)
            # dw[f, c, u, v] = sum over n, i, j of grad_out[n, f, i, j] * padded[n, c, at]
            dw[:, :, u, v] = g @ patch.T
            # Each output's gradient goes back through w[:, :, u, v] to the element it read;
            # overlapping windows add up across the offsets.
            back = (w[:, :, u, v].T @ g).reshape(c, n, out_h, out_w)
            d_padded[at] += back.transpose(1, 0, 2, 3)
    db = grad_out.sum(axis=(0, 2, 3))
    return d_padded[:, :, p : p + h, p : p + width], dw, db
