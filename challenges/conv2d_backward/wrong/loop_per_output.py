# expect: time_limit_exceeded
# Correct, but a Python loop over every output element (n, f, i, j), each two small NumPy
# updates: 860,000 iterations on the benchmark, several times the limit.
import numpy as np


def conv2d_backward(x, w, grad_out, stride=1, padding=0):
    n_img, _, h, width = x.shape
    filters, _, kh, kw = w.shape
    out_h, out_w = grad_out.shape[2:]
    p = padding
    padded = np.pad(x, ((0, 0), (0, 0), (p, p), (p, p)))
    d_padded = np.zeros(padded.shape)
    dw = np.zeros(w.shape)
    for n in range(n_img):
        for f in range(filters):
            for i in range(out_h):
                for j in range(out_w):
                    top, left = i * stride, j * stride
                    g = grad_out[n, f, i, j]
                    dw[f] += g * padded[n, :, top : top + kh, left : left + kw]
                    d_padded[n, :, top : top + kh, left : left + kw] += g * w[f]
    db = grad_out.sum(axis=(0, 2, 3))
    return d_padded[:, :, p : p + h, p : p + width], dw, db
