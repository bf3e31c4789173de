# expect: wrong_answer
# The backward pass of average pooling: each window's gradient shared evenly by its elements.
import numpy as np


def max_pool2d_backward(x, grad_out, size=2, stride=2):
    out_h, out_w = grad_out.shape[2:]
    dx = np.zeros(x.shape)
    for i in range(out_h):
        for j in range(out_w):
            top, left = i * stride, j * stride
            share = grad_out[:, :, i, j, None, None] / (size * size)
            dx[:, :, top : top + size, left : left + size] += share
    return dx
