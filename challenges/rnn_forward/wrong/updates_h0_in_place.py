# expect: wrong_answer
# The right values, but the caller's h0 is overwritten with each new state (h0[...] = ...):
# the arguments must be left unchanged.
import numpy as np


def rnn_forward(x, h0, Wx, Wh, b):
    states = np.empty((len(x), *h0.shape), dtype=np.result_type(x, h0, Wx, Wh, b))
    for t, x_t in enumerate(x):
        h0[...] = np.tanh(x_t @ Wx + h0 @ Wh + b)
        states[t] = h0
    return states
