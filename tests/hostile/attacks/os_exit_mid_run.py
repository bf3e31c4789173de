# verdict: runtime_error
# message: exited \(code 0\) before returning
"""Leaves with exit status 0 in the middle of a case, as if all had gone well."""

import os


def matrix_multiplication(A, B):
    os._exit(0)
