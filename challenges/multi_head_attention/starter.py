import numpy as np


def multi_head_attention(x, Wq, Wk, Wv, Wo, num_heads, mask=None) -> np.ndarray:
    """Multi-head self-attention without biases.

    x: (N, L, d_model); Wq, Wk, Wv, Wo: (d_model, d_model); num_heads divides d_model. Head k uses
    columns k*d_head .. (k+1)*d_head - 1 of x @ Wq, x @ Wk and x @ Wv (d_head = d_model //
    num_heads), scores scaled by sqrt(d_head). mask: boolean, broadcastable to (N, L, L), True =
    the query may attend to the key, the same for every head; a query whose keys are all masked
    gets zeros. Returns concat(heads) @ Wo, (N, L, d_model); leaves the inputs unchanged."""
    raise NotImplementedError
