import numpy as np


def rnn_backward(x, h0, Wx, Wh, b, grad_h_seq):
    T, N, D = x.shape
    H = Wh.shape[0]
    # Computed in float64 (a float32 backward pass loses several digits to cancellation in the
    # sums over steps), returned in the inputs' dtype.
    dtype = np.result_type(x, h0, Wx, Wh, b, grad_h_seq)
    x, h0, Wx, Wh, b, grad_h_seq = (
        np.asarray(a, dtype=np.float64) for a in (x, h0, Wx, Wh, b, grad_h_seq)
    )
    # The forward pass again, keeping every state: h[0] = h0, h[t] = h_t.
    h = np.empty((T + 1, N, H))
    h[0] = h0
    projected = x @ Wx + b
    for t in range(T):
        h[t + 1] = np.tanh(projected[t] + h[t] @ Wh)
    # Backpropagation through time: dh is dL/dh_t, from the loss's own term at step t and from
    # every later step through h_{t+1}; da[t] is dL/da_t for the pre-activation a_t.
    da = np.empty((T, N, H))
    dh = np.zeros((N, H))
    for t in range(T - 1, -1, -1):
        dh = dh + grad_h_seq[t]
        da[t] = dh * (1 - h[t + 1] ** 2)  # tanh'(a_t) = 1 - h_t^2
        dh = da[t] @ Wh.T  # dL/dh_{t-1} through a_t = ... + h_{t-1} @ Wh
    # The weight gradients sum over every step and sequence: one product each.
    flat = da.reshape(T * N, H)
    dx = da @ Wx.T
    dWx = x.reshape(T * N, D).T @ flat
    dWh = h[:-1].reshape(T * N, H).T @ flat
    db = flat.sum(axis=0)
    return tuple(g.astype(dtype) for g in (dx, dh, dWx, dWh, db))
