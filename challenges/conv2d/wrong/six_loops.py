# expect: time_limit_exceeded
# Correct, but nested Python loops over every term (n, f, i, j, then c, u, v for the kernel sum):
# over 120 million iterations on the benchmark, many minutes.
import numpy as np


def conv2d(x, w, b, stride=1, padding=0):
    n_img, channels, h, width = x.shape
    filters, _, kh, kw = w.shape
    xp = np.pad(x, ((0, 0), (0, 0), (padding, padding), (padding, padding)))
    h_out = (h + 2 * padding - kh) // stride + 1
    w_out = (width + 2 * padding - kw) // stride + 1
    out = np.zeros((n_img, filters, h_out, w_out))
    for n in range(n_img):
        for f in range(filters):
            for i in range(h_out):
                for j in range(w_out):
                    total = b[f]
                    for c in range(channels):
                        for u in range(kh):
                            for v in range(kw):
                                total += xp[n, c, i * stride + u, j * stride + v] * w[f, c, u, v]
                    out[n, f, i, j] = total
    return out
