# expect: accepted
# The windows built by hand with as_strided, (N, C, out_h, out_w, size * size) after a reshape;
# argmax gives each window's first maximum, and the gradients are added back offset by offset
# (for one offset the windows touch distinct elements). float32 inputs stay float32 throughout.
import numpy as np
from numpy.lib.stride_tricks import as_strided


def max_pool2d_backward(x, grad_out, size=2, stride=2):
    n, c, h, w = x.shape
    out_h = (h - size) // stride + 1
    out_w = (w - size) // stride + 1
    sn, sc, sh, sw = x.strides
    windows = as_strided(
        x,
        shape=(n, c, out_h, out_w, size, size),
        strides=(sn, sc, sh * stride, sw * stride, sh, sw),
        writeable=False,
    )
    first = windows.reshape(n, c, out_h, out_w, size * size).argmax(axis=-1)
    dtype = np.result_type(x, grad_out)
    zero = np.zeros((), dtype=dtype)
    dx = np.zeros((n, c, h, w), dtype=dtype)
    for u in range(size):
        for v in range(size):
            rows = slice(u, u + stride * (out_h - 1) + 1, stride)
            cols = slice(v, v + stride * (out_w - 1) + 1, stride)
            dx[:, :, rows, cols] += np.where(first == u * size + v, grad_out, zero)
    return dx
