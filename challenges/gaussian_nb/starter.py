import numpy as np


def gaussian_nb(X_train: np.ndarray, y_train: np.ndarray, X_test: np.ndarray) -> np.ndarray:
    """Gaussian naive Bayes: fit class priors, per-class feature means and variances (ddof 0,
    plus 1e-9 times the largest feature variance of X_train) on (X_train, y_train), and return
    the label of highest log joint probability for each row of X_test (ties: smallest label)."""
    raise NotImplementedError
