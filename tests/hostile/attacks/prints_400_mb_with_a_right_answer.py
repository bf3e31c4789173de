# verdict: output_limit_exceeded
# message: printed more than the output limit
"""Answers right, and prints 400 MB in the first call: a flood that used to cost a worker half a
minute of reading is now stopped at the output limit, at once."""

import os


def matrix_multiplication(A, B):
    block = b"#" * (1 << 20)
    for _ in range(400):
        os.write(1, block)
    return A @ B
