# expect: accepted
# Classic im2col by hand: gather every window into the rows of one matrix, then one product.
import numpy as np


def conv2d(x, w, b, stride=1, padding=0):
    n, c, h, width = x.shape
    f, _, kh, kw = w.shape
    h_out = (h + 2 * padding - kh) // stride + 1
    w_out = (width + 2 * padding - kw) // stride + 1
    xp = np.pad(x, ((0, 0), (0, 0), (padding, padding), (padding, padding)))
    cols = np.empty((n, h_out, w_out, c, kh, kw), dtype=np.result_type(x, w))
    for u in range(kh):
        for v in range(kw):
            rows = slice(u, u + stride * (h_out - 1) + 1, stride)
            columns = slice(v, v + stride * (w_out - 1) + 1, stride)
            cols[..., u, v] = xp[:, :, rows, columns].transpose(0, 2, 3, 1)
    out = cols.reshape(n * h_out * w_out, -1) @ w.reshape(f, -1).T + b
    return out.reshape(n, h_out, w_out, f).transpose(0, 3, 1, 2)
