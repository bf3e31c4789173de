# expect: accepted
# The bias as one more weight: a column of ones appended to X, one parameter vector, one
# gradient per step, so both parts are necessarily updated together.
import numpy as np


def linear_regression_gd(X, y, lr, n_iters):
    n = X.shape[0]
    A = np.hstack([X, np.ones((n, 1))])
    theta = np.zeros(A.shape[1])
    for _ in range(n_iters):
        theta -= lr * (A.T @ (A @ theta - y)) / n
    return theta[:-1], theta[-1]
