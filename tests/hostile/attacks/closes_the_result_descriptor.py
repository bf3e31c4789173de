# verdict: runtime_error
# message: exited \(code 1\) before returning
"""Closes the descriptor the runner reports on, then answers correctly: an answer that cannot be
reported is not taken on trust."""

import os
import sys


def matrix_multiplication(A, B):
    os.close(int(sys.argv[-1]))
    return A @ B
