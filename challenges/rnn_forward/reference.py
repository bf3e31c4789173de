import numpy as np


def rnn_forward(x, h0, Wx, Wh, b):
    # The input projections of every time step in one product: (T, N, D) @ (D, H) -> (T, N, H).
    # Only h_{t-1} @ Wh has to wait for the previous step.
    projected = x @ Wx + b
    h_seq = np.empty(projected.shape, dtype=np.result_type(projected, h0, Wh))
    h = h0
    for t in range(x.shape[0]):
        h = np.tanh(projected[t] + h @ Wh)
        h_seq[t] = h
    return h_seq
