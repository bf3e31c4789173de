# expect: wrong_answer
# Truncated after one step: each step sees only its own grad_h_seq[t], never the gradient that
# flows back from later steps through h_t (right only when T = 1).
import numpy as np


def rnn_backward(x, h0, Wx, Wh, b, grad_h_seq):
    states = [h0]
    for x_t in x:
        states.append(np.tanh(x_t @ Wx + states[-1] @ Wh + b))
    dx, dWx, dWh, db = np.zeros_like(x), np.zeros_like(Wx), np.zeros_like(Wh), np.zeros_like(b)
    dh0 = np.zeros_like(h0)
    for t in reversed(range(len(x))):
        da = grad_h_seq[t] * (1 - states[t + 1] ** 2)
        dx[t] = da @ Wx.T
        dWx += x[t].T @ da
        dWh += states[t].T @ da
        db += da.sum(axis=0)
        if t == 0:
            dh0 = da @ Wh.T
    return dx, dh0, dWx, dWh, db
