# expect: wrong_answer
# Returns only the final state h_T, of shape (N, H), instead of the whole sequence.
import numpy as np


def rnn_forward(x, h0, Wx, Wh, b):
    h = h0
    for x_t in x:
        h = np.tanh(x_t @ Wx + h @ Wh + b)
    return h
