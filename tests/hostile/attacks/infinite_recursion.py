# verdict: runtime_error
# message: RecursionError.*\(line 7\)
"""Recurses without end."""


def matrix_multiplication(A, B):
    return matrix_multiplication(B, A)
