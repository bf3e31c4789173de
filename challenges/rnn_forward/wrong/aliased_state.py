# expect: wrong_answer
# Computes each state into the same buffer (np.tanh(..., out=h)) and appends that buffer: every
# entry of the list is one array, so every step reads back as the last state.
import numpy as np


def rnn_forward(x, h0, Wx, Wh, b):
    h = h0.astype(np.result_type(x, h0, Wx, Wh, b))  # a copy: h0 itself is left alone
    states = []
    for x_t in x:
        np.tanh(x_t @ Wx + h @ Wh + b, out=h)
        states.append(h)
    return np.stack(states)
