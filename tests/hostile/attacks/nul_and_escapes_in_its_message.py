# verdict: runtime_error
# message: \\x00.*\\x1b\[31m
"""Raises with NUL bytes and terminal escapes in its message: stored safely (PostgreSQL refuses
NUL in text) and shown as escapes, never as raw control characters."""


def matrix_multiplication(A, B):
    raise ValueError("before\x00after \x1b[31mred\x1b[0m \ud800 done")
