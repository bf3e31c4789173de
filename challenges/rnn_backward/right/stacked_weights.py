# expect: accepted
# In float64, with the stacked weights W = [Wx; Wh] acting on [x_t, h_{t-1}]: one product per step
# backwards gives the gradient of both halves, split at the end; einsum for the weight gradient.
import numpy as np


def rnn_backward(x, h0, Wx, Wh, b, grad_h_seq):
    x = np.asarray(x, dtype=np.float64)
    T, D = x.shape[0], x.shape[2]
    W = np.concatenate([Wx, Wh], axis=0).astype(np.float64)
    inputs, states = [], []
    h = np.asarray(h0, dtype=np.float64)
    for t in range(T):
        inputs.append(np.concatenate([x[t], h], axis=1))  # (N, D + H)
        h = np.tanh(inputs[-1] @ W + b)
        states.append(h)
    inputs, states = np.stack(inputs), np.stack(states)
    dcat = np.empty_like(inputs)
    carry = np.zeros_like(h)
    das = np.empty_like(states)
    for t in range(T - 1, -1, -1):
        das[t] = (grad_h_seq[t] + carry) * (1 - states[t] ** 2)
        dcat[t] = das[t] @ W.T
        carry = dcat[t, :, D:]
    dW = np.einsum("tni,tnj->ij", inputs, das)
    return dcat[:, :, :D], carry, dW[:D], dW[D:], das.sum(axis=(0, 1))
