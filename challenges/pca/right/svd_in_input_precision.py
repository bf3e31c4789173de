# expect: accepted
# The SVD of the centred data, in the input's own precision (float32 stays float32): the right
# singular vectors are the components, s**2 / (n - 1) the variances; and each sign made positive
# on its largest coordinate, as scikit-learn does.
import numpy as np


def pca(X, n_components):
    Xc = X - X.mean(axis=0)
    _, s, Vt = np.linalg.svd(Xc, full_matrices=False)
    components = Vt[:n_components]
    signs = np.sign(components[np.arange(n_components), np.abs(components).argmax(axis=1)])
    components = components * signs[:, None]
    return components, s[:n_components] ** 2 / (len(X) - 1)
