# expect: accepted
# The windows built by hand with as_strided: shape (N, C, out_h, out_w, size, size), moving
# stride elements between neighbouring windows. Where size == stride, a plain reshape of the
# cropped input gives the same windows.
from numpy.lib.stride_tricks import as_strided


def max_pool2d(x, size=2, stride=2):
    n, c, h, w = x.shape
    out_h = (h - size) // stride + 1
    out_w = (w - size) // stride + 1
    if size == stride:
        cropped = x[:, :, : out_h * size, : out_w * size]
        return cropped.reshape(n, c, out_h, size, out_w, size).max(axis=(3, 5))
    sn, sc, sh, sw = x.strides
    windows = as_strided(
        x,
        shape=(n, c, out_h, out_w, size, size),
        strides=(sn, sc, sh * stride, sw * stride, sh, sw),
        writeable=False,
    )
    return windows.max(axis=(4, 5))
