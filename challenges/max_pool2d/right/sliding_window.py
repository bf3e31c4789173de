# expect: accepted
# Every size x size window as a view (numpy.lib.stride_tricks.sliding_window_view, stride 1),
# keeping every stride-th one, then the maximum over the last two axes.
from numpy.lib.stride_tricks import sliding_window_view


def max_pool2d(x, size=2, stride=2):
    windows = sliding_window_view(x, (size, size), axis=(2, 3))
    return windows[:, :, ::stride, ::stride].max(axis=(-2, -1))
