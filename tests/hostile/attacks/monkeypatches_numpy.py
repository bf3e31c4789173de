# verdict: wrong_answer
# message: elements differ
"""Patches NumPy's comparison functions to always agree, then returns zeros: the checker must not
run in the submission's process."""

import numpy as np

for name in ("allclose", "array_equal", "isclose", "array_equiv"):
    setattr(np, name, lambda *a, **k: True)
np.testing.assert_allclose = lambda *a, **k: None


def matrix_multiplication(A, B):
    return np.zeros((A.shape[0], B.shape[1]), dtype=np.result_type(A, B))
