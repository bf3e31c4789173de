# expect: wrong_answer
# The reshape trick of the forward pass: windows of size x size moved by size, whatever the
# stride, and the gradient repeated over each window where x equals its maximum. Right only for
# stride == size and no ties.
import numpy as np


def max_pool2d_backward(x, grad_out, size=2, stride=2):
    n, c, h, w = x.shape
    out_h, out_w = h // size, w // size
    cropped = x[:, :, : out_h * size, : out_w * size]
    pooled = cropped.reshape(n, c, out_h, size, out_w, size).max(axis=(3, 5))
    up = np.repeat(np.repeat(pooled, size, axis=2), size, axis=3)
    grad = np.repeat(np.repeat(grad_out, size, axis=2), size, axis=3)
    dx = np.zeros(x.shape)
    dx[:, :, : out_h * size, : out_w * size] = (cropped == up) * grad
    return dx
