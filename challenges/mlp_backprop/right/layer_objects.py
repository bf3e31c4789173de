# expect: accepted
# A generic chain rule over a list of layers, reading the current attributes at every call;
# the loss's gradient is taken with respect to the output first, then pushed back layer by layer.
import numpy as np


def sigmoid(z):
    return np.exp(-np.logaddexp(0.0, -z))  # 1 / (1 + exp(-z)) in log space: no overflow


class TwoLayerNet:
    def __init__(self, input_size, hidden_size, output_size):
        self.W1 = np.random.randn(input_size, hidden_size) * np.sqrt(1 / input_size)
        self.b1 = np.zeros((1, hidden_size))
        self.W2 = np.random.randn(hidden_size, output_size) * np.sqrt(1 / hidden_size)
        self.b2 = np.zeros((1, output_size))

    def _layers(self):
        return [("W1", "b1"), ("W2", "b2")]

    def _run(self, X):
        activations = [X]
        for w, b in self._layers():
            activations.append(sigmoid(activations[-1] @ getattr(self, w) + getattr(self, b)))
        return activations

    def forward(self, X):
        return self._run(X)[-1]

    def gradients(self, X, Y):
        activations = self._run(X)
        grad_a = (activations[-1] - Y) / X.shape[0]  # dL/dA2
        grads = {}
        for depth in reversed(range(len(self._layers()))):
            w, b = self._layers()[depth]
            a_out, a_in = activations[depth + 1], activations[depth]
            grad_z = grad_a * a_out * (1 - a_out)
            grads[w] = a_in.T @ grad_z
            grads[b] = grad_z.sum(axis=0)[np.newaxis, :]
            grad_a = grad_z @ getattr(self, w).T
        return grads
