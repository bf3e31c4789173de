# expect: time_limit_exceeded
# Correct, but a Python loop over every output element (n, f, i, j), each a small NumPy sum:
# 860,000 iterations on the benchmark, about 5 s against a 1 s limit.
import numpy as np


def conv2d(x, w, b, stride=1, padding=0):
    n_img, _, h, width = x.shape
    filters, _, kh, kw = w.shape
    xp = np.pad(x, ((0, 0), (0, 0), (padding, padding), (padding, padding)))
    h_out = (h + 2 * padding - kh) // stride + 1
    w_out = (width + 2 * padding - kw) // stride + 1
    out = np.zeros((n_img, filters, h_out, w_out))
    for n in range(n_img):
        for f in range(filters):
            for i in range(h_out):
                for j in range(w_out):
                    window = xp[n, :, i * stride : i * stride + kh, j * stride : j * stride + kw]
                    out[n, f, i, j] = np.sum(window * w[f]) + b[f]
    return out
