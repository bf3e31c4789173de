# expect: accepted
# One loop over the KH * KW kernel offsets: each adds a strided slice of the padded input times
# that offset's weights, contracted over the channels with einsum (optimize=True hands it to BLAS).
import numpy as np


def conv2d(x, w, b, stride=1, padding=0):
    _, _, h, width = x.shape
    _, _, kh, kw = w.shape
    h_out = (h + 2 * padding - kh) // stride + 1
    w_out = (width + 2 * padding - kw) // stride + 1
    xp = np.pad(x, [(0, 0), (0, 0), (padding, padding), (padding, padding)], mode="constant")
    out = np.zeros((x.shape[0], w.shape[0], h_out, w_out))
    for u in range(kh):
        for v in range(kw):
            patch = xp[:, :, u : u + stride * h_out : stride, v : v + stride * w_out : stride]
            patch = patch[:, :, :h_out, :w_out]
            out += np.einsum("nchw,fc->nfhw", patch, w[:, :, u, v], optimize=True)
    return out + b.reshape(1, -1, 1, 1)
