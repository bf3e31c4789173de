# expect: runtime_error
# Reads x as channels-last, (N, H, W, C), and pools over axes 1 and 2: the channels and the rows.
# The first example has one channel, fewer than the window: sliding_window_view raises.
import numpy as np
from numpy.lib.stride_tricks import sliding_window_view


def max_pool2d(x, size=2, stride=2):
    windows = sliding_window_view(x, (size, size), axis=(1, 2))
    return windows[:, ::stride, ::stride].max(axis=(-2, -1))
