# expect: accepted
# The contractions written with einsum and the mean taken first (on the output deltas); sigmoid
# through tanh, which never overflows; the bias gradients reshaped to the biases' shapes.
import numpy as np


def sigmoid(x):
    return 0.5 * (1.0 + np.tanh(0.5 * x))


class TwoLayerNet:
    def __init__(self, input_size, hidden_size, output_size):
        rng = np.random.default_rng()
        self.W1 = rng.normal(0, 0.1, (input_size, hidden_size))
        self.b1 = np.zeros((1, hidden_size))
        self.W2 = rng.normal(0, 0.1, (hidden_size, output_size))
        self.b2 = np.zeros((1, output_size))

    def forward(self, X):
        return sigmoid(sigmoid(X @ self.W1 + self.b1) @ self.W2 + self.b2)

    def gradients(self, X, Y):
        hidden = sigmoid(X @ self.W1 + self.b1)
        out = sigmoid(hidden @ self.W2 + self.b2)
        delta_out = (out - Y) * out * (1.0 - out) / len(X)  # dL / dz2
        delta_hidden = np.einsum("no,ho->nh", delta_out, self.W2) * hidden * (1.0 - hidden)
        return {
            "W1": np.einsum("ni,nh->ih", X, delta_hidden, optimize=True),
            "b1": delta_hidden.sum(axis=0).reshape(self.b1.shape),
            "W2": np.einsum("nh,no->ho", hidden, delta_out, optimize=True),
            "b2": delta_out.sum(axis=0).reshape(self.b2.shape),
        }
