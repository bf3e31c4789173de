# expect: wrong_answer
# Slides the window one pixel at a time whatever the stride.
import numpy as np
from numpy.lib.stride_tricks import sliding_window_view


def conv2d(x, w, b, stride=1, padding=0):
    kh, kw = w.shape[2:]
    xp = np.pad(x, ((0, 0), (0, 0), (padding, padding), (padding, padding)))
    windows = sliding_window_view(xp, (kh, kw), axis=(2, 3))
    return np.einsum("nchwuv,fcuv->nfhw", windows, w) + b[None, :, None, None]
