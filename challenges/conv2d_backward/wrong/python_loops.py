# expect: time_limit_exceeded
# Correct, but the textbook's seven nested Python loops, one scalar update of dw and one of dx at a
# time: 124 million of each on the benchmark, many times the limit. (A loop over the output
# elements with two small NumPy updates each took 4.2 times the limit on a slow hour, too near
# what judge challenges check asks to hold on a faster machine.)
import numpy as np


def conv2d_backward(x, w, grad_out, stride=1, padding=0):
    n_img, channels, h, width = x.shape
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
                    g = grad_out[n, f, i, j]
                    for c in range(channels):
                        for di in range(kh):
                            for dj in range(kw):
                                row, col = i * stride + di, j * stride + dj
                                dw[f, c, di, dj] += g * padded[n, c, row, col]
                                d_padded[n, c, row, col] += g * w[f, c, di, dj]
    db = grad_out.sum(axis=(0, 2, 3))
    return d_padded[:, :, p : p + h, p : p + width], dw, db
