# expect: wrong_answer
# Uses h0 at every step instead of the previous step's state (right only at the first step).
import numpy as np


def rnn_forward(x, h0, Wx, Wh, b):
    return np.stack([np.tanh(x_t @ Wx + h0 @ Wh + b) for x_t in x])
