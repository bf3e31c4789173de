# expect: wrong_answer
# True (mathematical) convolution: the kernel is flipped, where frameworks cross-correlate.
import numpy as np
from numpy.lib.stride_tricks import sliding_window_view


def conv2d(x, w, b, stride=1, padding=0):
    kh, kw = w.shape[2:]
    xp = np.pad(x, ((0, 0), (0, 0), (padding, padding), (padding, padding)))
    windows = sliding_window_view(xp, (kh, kw), axis=(2, 3))[:, :, ::stride, ::stride]
    flipped = w[:, :, ::-1, ::-1]
    return np.einsum("nchwuv,fcuv->nfhw", windows, flipped) + b[None, :, None, None]
