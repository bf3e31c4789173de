# verdict: runtime_error
# message: killed by SIGSEGV
"""Lifts the recursion limit and recurses through C code (map), so that the C stack overflows
rather than Python's own limit being reached."""

import sys

sys.setrecursionlimit(10**8)


def deeper(n):
    return list(map(deeper, [n + 1]))


def matrix_multiplication(A, B):
    return deeper(0)
