import numpy as np


def roc_auc(y_true: np.ndarray, scores: np.ndarray) -> float:
    """The area under the ROC curve of scores for binary labels y_true (1 positive, 0 negative):
    the probability that a random positive scores higher than a random negative, a tie counting
    one half."""
    raise NotImplementedError
