# expect: accepted
# The textbook loop: the forward states in a list, then one backward step at a time, adding each
# step's share to the weight gradients as it goes; tanh' as (1 - h) * (1 + h).
import numpy as np


def rnn_backward(x, h0, Wx, Wh, b, grad_h_seq):
    states = [h0]
    for x_t in x:
        states.append(np.tanh(x_t @ Wx + states[-1] @ Wh + b))
    dx = np.zeros(x.shape, dtype=np.result_type(x, states[-1]))
    dWx = np.zeros_like(Wx, dtype=dx.dtype)
    dWh = np.zeros_like(Wh, dtype=dx.dtype)
    db = np.zeros_like(b, dtype=dx.dtype)
    dh_next = np.zeros_like(states[-1])
    for t in reversed(range(len(x))):
        h_t, h_prev = states[t + 1], states[t]
        da = (grad_h_seq[t] + dh_next) * (1 - h_t) * (1 + h_t)
        dx[t] = da @ Wx.T
        dWx += x[t].T @ da
        dWh += h_prev.T @ da
        db += da.sum(axis=0)
        dh_next = da @ Wh.T
    return dx, dh_next, dWx, dWh, db
