# expect: accepted
# A loop over the output positions, each vectorised over the batch and the channels: the
# window's first maximum by argmax, a one-hot mask of it times the gradient, added to that window
# of dx (where windows overlap, the loop adds their contributions one after the other).
import numpy as np


def max_pool2d_backward(x, grad_out, size=2, stride=2):
    n, c, _, _ = x.shape
    out_h, out_w = grad_out.shape[2:]
    dx = np.zeros(x.shape, dtype=np.result_type(x, grad_out))
    offsets = np.arange(size * size)
    for i in range(out_h):
        for j in range(out_w):
            top, left = i * stride, j * stride
            window = x[:, :, top : top + size, left : left + size].reshape(n, c, -1)
            one_hot = offsets == window.argmax(axis=2)[:, :, None]
            spread = one_hot * grad_out[:, :, i, j, None]
            dx[:, :, top : top + size, left : left + size] += spread.reshape(n, c, size, size)
    return dx
