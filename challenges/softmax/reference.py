import numpy as np


def softmax(x, axis=-1):
    # A float64 copy (x is left unchanged), worked on in place to keep memory low; an accurate
    # expected result, returned in the input's dtype.
    z = np.array(x, dtype=np.float64)
    z -= z.max(axis=axis, keepdims=True)  # the largest logit becomes 0: exp never overflows
    np.exp(z, out=z)
    z /= z.sum(axis=axis, keepdims=True)
    return z.astype(x.dtype, copy=False)
