import numpy as np


def word2vec_sgns_step(
    center: np.ndarray, context: np.ndarray, negatives: np.ndarray, lr: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray, float]:
    """One SGD step of skip-gram with negative sampling.

    center, context: (d,); negatives: (k, d). loss = -log sigmoid(context . center)
    - sum_j log sigmoid(-negatives[j] . center), taken before the step. Every gradient comes from
    the old vectors; returns (new_center, new_context, new_negatives, loss) as new arrays and a
    float, leaving the inputs unchanged."""
    raise NotImplementedError
