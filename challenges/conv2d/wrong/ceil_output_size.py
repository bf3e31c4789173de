# expect: wrong_answer
# Rounds the output size up (ceil_mode), with extra zeros so the last window fits: one row or
# column too many wherever the stride does not divide H + 2p - KH.
import math

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view


def conv2d(x, w, b, stride=1, padding=0):
    _, _, h, width = x.shape
    kh, kw = w.shape[2:]
    h_out = math.ceil((h + 2 * padding - kh) / stride) + 1
    w_out = math.ceil((width + 2 * padding - kw) / stride) + 1
    extra_h = (h_out - 1) * stride + kh - (h + 2 * padding)
    extra_w = (w_out - 1) * stride + kw - (width + 2 * padding)
    xp = np.pad(x, ((0, 0), (0, 0), (padding, padding + extra_h), (padding, padding + extra_w)))
    windows = sliding_window_view(xp, (kh, kw), axis=(2, 3))[:, :, ::stride, ::stride]
    return np.einsum("nchwuv,fcuv->nfhw", windows, w) + b[None, :, None, None]
