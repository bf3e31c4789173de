# verdict: runtime_error
# message: killed by SIGABRT
"""Calls the C library's abort()."""

import ctypes


def matrix_multiplication(A, B):
    ctypes.CDLL(None).abort()
