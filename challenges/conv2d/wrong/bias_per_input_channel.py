# expect: wrong_answer
# Adds the bias once per input channel (inside the sum over c), so it counts C times: right only
# for one-channel inputs.
import numpy as np
from numpy.lib.stride_tricks import sliding_window_view


def conv2d(x, w, b, stride=1, padding=0):
    kh, kw = w.shape[2:]
    xp = np.pad(x, ((0, 0), (0, 0), (padding, padding), (padding, padding)))
    windows = sliding_window_view(xp, (kh, kw), axis=(2, 3))[:, :, ::stride, ::stride]
    per_channel = np.einsum("nchwuv,fcuv->nfchw", windows, w) + b[None, :, None, None, None]
    return per_channel.sum(axis=2)
