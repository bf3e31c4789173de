# expect: wrong_answer
# The right numbers, but as nested lists: the statement asks for a NumPy array.
import numpy as np
from numpy.lib.stride_tricks import sliding_window_view


def conv2d(x, w, b, stride=1, padding=0):
    kh, kw = w.shape[2:]
    xp = np.pad(x, ((0, 0), (0, 0), (padding, padding), (padding, padding)))
    windows = sliding_window_view(xp, (kh, kw), axis=(2, 3))[:, :, ::stride, ::stride]
    return (np.einsum("nchwuv,fcuv->nfhw", windows, w) + b[None, :, None, None]).tolist()
