# verdict: output_limit_exceeded
# message: output is too large
"""Returns a real 200 MB array, over the 64 MB output limit but within the memory limit."""

import numpy as np


def matrix_multiplication(A, B):
    return np.ones((5000, 5000))
