# expect: wrong_answer
# Always moves the window by its own size (the reshape trick), whatever the stride: right only
# when stride == size.
import numpy as np


def max_pool2d(x, size=2, stride=2):
    n, c, h, w = x.shape
    out_h, out_w = h // size, w // size
    cropped = x[:, :, : out_h * size, : out_w * size]
    return cropped.reshape(n, c, out_h, size, out_w, size).max(axis=(3, 5))
