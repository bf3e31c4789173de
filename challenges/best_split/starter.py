import numpy as np


def best_split(X: np.ndarray, y: np.ndarray) -> tuple[int | None, float | None, float]:
    """The split of X (n, d) that most decreases the Gini impurity of the integer labels y (n,):
    (feature, threshold, gain), with x <= threshold going left and the threshold midway between
    two consecutive distinct values of the feature; (None, None, 0.0) when no feature has two
    distinct values."""
    raise NotImplementedError
