# verdict: memory_limit_exceeded
# message: (?i)memory
"""Fills memory while the module loads, before any case starts."""

hoard = [bytearray(1 << 20) for _ in range(1 << 14)]


def matrix_multiplication(A, B):
    return A @ B
