"""The expected results of torch_lstm_classifier, on the worker, in NumPy: what harness.py
returns for the reference. The parameter shapes come from the statement; the LSTM is run step by
step over each sequence's own tokens only (gates in PyTorch's order i, f, g, o), and the head
reads each sequence's hidden state after its last real token."""

import numpy as np


def sigmoid(z):
    return 0.5 * (1.0 + np.tanh(0.5 * z))  # cannot overflow


# The entry point's name, as the harness's steps see it: a function here, returning the dict.
def LSTMClassifier(
    vocab_size, embed_dim, hidden_dim, num_classes, padding_idx, weights, tokens, lengths
):
    H = hidden_dim
    shapes = {
        "embedding.weight": [vocab_size, embed_dim],
        "lstm.weight_ih_l0": [4 * H, embed_dim],
        "lstm.weight_hh_l0": [4 * H, H],
        "lstm.bias_ih_l0": [4 * H],
        "lstm.bias_hh_l0": [4 * H],
        "fc.weight": [num_classes, H],
        "fc.bias": [num_classes],
    }
    w_ih, w_hh = weights["lstm.weight_ih_l0"], weights["lstm.weight_hh_l0"]
    bias = weights["lstm.bias_ih_l0"] + weights["lstm.bias_hh_l0"]
    last = np.zeros((len(tokens), H))
    for b, (sequence, length) in enumerate(zip(tokens, lengths, strict=True)):
        h, c = np.zeros(H), np.zeros(H)
        for token in sequence[:length]:
            z = w_ih @ weights["embedding.weight"][token] + w_hh @ h + bias
            i, f, g, o = (
                sigmoid(z[:H]),
                sigmoid(z[H : 2 * H]),
                np.tanh(z[2 * H : 3 * H]),
                z[3 * H :],
            )
            c = f * c + i * g
            h = sigmoid(o) * np.tanh(c)
        last[b] = h
    return {"parameters": shapes, "logits": last @ weights["fc.weight"].T + weights["fc.bias"]}
