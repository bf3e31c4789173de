# expect: wrong_answer
# h_{t-1} @ Wh.T (the Wh @ h column convention carried over to row vectors): Wh is (H, H), so the
# shapes fit, but the values are those of another network.
import numpy as np


def rnn_forward(x, h0, Wx, Wh, b):
    h, states = h0, []
    for x_t in x:
        h = np.tanh(x_t @ Wx + h @ Wh.T + b)
        states.append(h)
    return np.array(states)
