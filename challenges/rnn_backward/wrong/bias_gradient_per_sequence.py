# expect: wrong_answer
# db summed over time only, not over the batch: shape (N, H) where b has shape (H,).
import numpy as np


def rnn_backward(x, h0, Wx, Wh, b, grad_h_seq):
    states = [h0]
    for x_t in x:
        states.append(np.tanh(x_t @ Wx + states[-1] @ Wh + b))
    dx, dWx, dWh = np.zeros_like(x), np.zeros_like(Wx), np.zeros_like(Wh)
    db = np.zeros_like(h0)
    dh = np.zeros_like(h0)
    for t in reversed(range(len(x))):
        da = (grad_h_seq[t] + dh) * (1 - states[t + 1] ** 2)
        dx[t] = da @ Wx.T
        dWx += x[t].T @ da
        dWh += states[t].T @ da
        db += da
        dh = da @ Wh.T
    return dx, dh, dWx, dWh, db
