# expect: wrong_answer
# tanh written with exp: (exp(2z) - 1) / (exp(2z) + 1) is inf / inf = NaN once z passes about 355.
import numpy as np


def rnn_forward(x, h0, Wx, Wh, b):
    h, states = h0, []
    for x_t in x:
        e = np.exp(2 * (x_t @ Wx + h @ Wh + b))
        h = (e - 1) / (e + 1)
        states.append(h)
    return np.array(states)
