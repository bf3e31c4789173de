# expect: accepted
# The computational graph, staged as in the classic course notes: back through the scale, the
# normalisation, the inverse square root, the variance, the centring and the mean, one node at a
# time.
import numpy as np


def batchnorm_backward(x, gamma, grad_out, eps=1e-5):
    n = x.shape[0]
    mu = np.sum(x, axis=0) / n
    xc = x - mu
    var = np.sum(xc**2, axis=0) / n
    std = np.sqrt(var + eps)
    ivar = 1.0 / std
    xhat = xc * ivar

    dbeta = np.sum(grad_out, axis=0)
    dgamma = np.sum(grad_out * xhat, axis=0)
    dxhat = grad_out * gamma
    divar = np.sum(dxhat * xc, axis=0)
    dxc1 = dxhat * ivar
    dstd = -divar / std**2
    dvar = 0.5 * dstd / std
    dsq = np.ones_like(x) * dvar / n
    dxc2 = 2 * xc * dsq
    dx1 = dxc1 + dxc2
    dmu = -np.sum(dx1, axis=0)
    dx2 = np.ones_like(x) * dmu / n
    return dx1 + dx2, dgamma, dbeta
