# expect: wrong_answer
# The mask x == max of its window: where a window holds its maximum twice, every copy gets the
# whole gradient (the statement sends it to the first one only).
import numpy as np


def max_pool2d_backward(x, grad_out, size=2, stride=2):
    out_h, out_w = grad_out.shape[2:]
    dx = np.zeros(x.shape, dtype=np.float64)
    for i in range(out_h):
        for j in range(out_w):
            top, left = i * stride, j * stride
            window = x[:, :, top : top + size, left : left + size]
            mask = window == window.max(axis=(2, 3), keepdims=True)
            dx[:, :, top : top + size, left : left + size] += (
                mask * grad_out[:, :, i, j, None, None]
            )
    return dx
