# expect: wrong_answer
# Carries the gradient forwards in time (t = 0 .. T-1) instead of backwards: the carry that
# reaches step t then comes from the earlier steps, not the later ones.
import numpy as np


def rnn_backward(x, h0, Wx, Wh, b, grad_h_seq):
    states = [h0]
    for x_t in x:
        states.append(np.tanh(x_t @ Wx + states[-1] @ Wh + b))
    dx, dWx, dWh, db = np.zeros_like(x), np.zeros_like(Wx), np.zeros_like(Wh), np.zeros_like(b)
    dh = np.zeros_like(h0)
    for t in range(len(x)):
        da = (grad_h_seq[t] + dh) * (1 - states[t + 1] ** 2)
        dx[t] = da @ Wx.T
        dWx += x[t].T @ da
        dWh += states[t].T @ da
        db += da.sum(axis=0)
        dh = da @ Wh.T
    return dx, dh, dWx, dWh, db
