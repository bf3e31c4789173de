import numpy as np


def pca(X, n_components):
    X = np.asarray(X)
    data = X.astype(np.float64)
    centred = data - data.mean(axis=0)
    covariance = centred.T @ centred / (len(data) - 1)
    values, vectors = np.linalg.eigh(covariance)  # ascending, eigenvectors in the columns
    order = np.argsort(values, kind="stable")[::-1][:n_components]
    components = vectors[:, order].T  # one component per row, largest variance first
    variances = np.maximum(values[order], 0.0)  # rounding can leave a zero slightly negative
    dtype = np.float32 if X.dtype == np.float32 else np.float64
    return components.astype(dtype), variances.astype(dtype)
