# challenge: dropout   expect: wrong_answer
# Plain (not inverted) dropout: the kept values are not scaled up.
import numpy as np


def dropout_layer(X, dropout_rate):
    mask = np.random.rand(*X.shape) >= dropout_rate
    return X * mask
