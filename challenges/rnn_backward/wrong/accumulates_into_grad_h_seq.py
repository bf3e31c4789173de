# expect: wrong_answer
# The right gradients, but the carry is added into the caller's grad_h_seq (grad_h_seq[t] += dh):
# the arguments must be left unchanged.
import numpy as np


def rnn_backward(x, h0, Wx, Wh, b, grad_h_seq):
    states = [h0]
    for x_t in x:
        states.append(np.tanh(x_t @ Wx + states[-1] @ Wh + b))
    dx, dWx, dWh, db = np.zeros_like(x), np.zeros_like(Wx), np.zeros_like(Wh), np.zeros_like(b)
    dh = np.zeros_like(h0)
    for t in reversed(range(len(x))):
        grad_h_seq[t] += dh
        da = grad_h_seq[t] * (1 - states[t + 1] ** 2)
        dx[t] = da @ Wx.T
        dWx += x[t].T @ da
        dWh += states[t].T @ da
        db += da.sum(axis=0)
        dh = da @ Wh.T
    return dx, dh, dWx, dWh, db
