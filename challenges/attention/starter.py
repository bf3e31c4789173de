import numpy as np


def scaled_dot_product_attention(Q, K, V, mask=None) -> np.ndarray:
    """softmax(Q @ K^T / sqrt(d)) @ V over the keys, with any leading batch dimensions.

    Q: (..., Lq, d), K: (..., Lk, d), V: (..., Lk, dv); mask: boolean, broadcastable to
    (..., Lq, Lk), True = the query may attend to the key. A query whose keys are all masked
    gets zeros. Returns (..., Lq, dv); leaves the inputs unchanged."""
    raise NotImplementedError
