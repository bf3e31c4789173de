# expect: accepted
# Contract A's last axis with B's first: the definition of the product, for vectors too.
import numpy as np


def matrix_multiplication(A, B):
    if A.shape[-1] != B.shape[0]:
        raise ValueError(f"inner dimensions differ: {A.shape} and {B.shape}")
    return np.tensordot(A, B, axes=(A.ndim - 1, 0))
