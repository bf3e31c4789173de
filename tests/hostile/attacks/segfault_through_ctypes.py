# verdict: runtime_error
# message: killed by SIGSEGV
"""Writes to address 8 through ctypes."""

import ctypes


def matrix_multiplication(A, B):
    ctypes.c_char.from_address(8).value = b"x"
    return A @ B
