# expect: wrong_answer
# np.linalg.eig (for general matrices) instead of the symmetric eigh, sorted by argsort: within a
# repeated eigenvalue eig's eigenvectors are not orthogonal to each other, and nothing makes them.
import numpy as np


def pca(X, n_components):
    mean = X.mean(axis=0, keepdims=True)
    cov = (X - mean).T @ (X - mean) / (X.shape[0] - 1)
    values, vectors = np.linalg.eig(cov)
    values, vectors = values.real, vectors.real
    order = np.argsort(-values)[:n_components]
    components = vectors[:, order].T
    components /= np.linalg.norm(components, axis=1, keepdims=True)
    return components, values[order]
