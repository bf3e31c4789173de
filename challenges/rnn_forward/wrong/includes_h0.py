# expect: wrong_answer
# Returns the T + 1 states h_0 .. h_T: the statement asks for h_1 .. h_T, without h0.
import numpy as np


def rnn_forward(x, h0, Wx, Wh, b):
    states = [h0]
    for x_t in x:
        states.append(np.tanh(x_t @ Wx + states[-1] @ Wh + b))
    return np.stack(states)
