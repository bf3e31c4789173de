import numpy as np


class DecisionTree:
    """A classification tree grown with the Gini impurity (see the statement for every rule)."""

    def __init__(self, max_depth: int, min_samples_split: int = 2):
        self.max_depth = max_depth
        self.min_samples_split = min_samples_split

    def fit(self, X: np.ndarray, y: np.ndarray) -> "DecisionTree":
        """Grow the tree on X (n, d) and integer labels y (n,); return self."""
        raise NotImplementedError

    def predict(self, X: np.ndarray) -> np.ndarray:
        """The predicted label of each row of X (m, d), as a NumPy integer array."""
        raise NotImplementedError
