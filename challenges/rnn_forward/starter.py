import numpy as np


def rnn_forward(x, h0, Wx, Wh, b) -> np.ndarray:
    """A vanilla (Elman) RNN over a whole sequence: x (T, N, D), h0 (N, H), Wx (D, H),
    Wh (H, H), b (H,); h_t = tanh(x_t @ Wx + h_{t-1} @ Wh + b).
    Returns h_seq of shape (T, N, H): h_1 .. h_T, without h0."""
    raise NotImplementedError
