import numpy as np


def rnn_backward(x, h0, Wx, Wh, b, grad_h_seq) -> tuple[np.ndarray, ...]:
    """Backpropagation through time for h_t = tanh(x_t @ Wx + h_{t-1} @ Wh + b): x (T, N, D),
    h0 (N, H), Wx (D, H), Wh (H, H), b (H,), grad_h_seq (T, N, H) = dL/dh_seq.
    Returns (dx, dh0, dWx, dWh, db), the gradients of L = sum(grad_h_seq * h_seq), each of the
    shape of its argument."""
    raise NotImplementedError
