# expect: wrong_answer
# The unbiased variance (ddof=1, dividing by N - 1): batch normalisation uses the biased one.
import numpy as np


def batchnorm_forward(x, gamma, beta, running_mean, running_var, training, momentum=0.9, eps=1e-5):
    if training:
        mu = np.mean(x, axis=0)
        var = np.var(x, axis=0, ddof=1)
        x_hat = (x - mu) / np.sqrt(var + eps)
        running_mean = momentum * running_mean + (1 - momentum) * mu
        running_var = momentum * running_var + (1 - momentum) * var
    else:
        x_hat = (x - running_mean) / np.sqrt(running_var + eps)
    return gamma * x_hat + beta, running_mean, running_var
