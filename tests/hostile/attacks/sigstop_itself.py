# verdict: time_limit_exceeded
# message: exceeded the time limit of 2.0 s
"""Stops itself, hoping the judge waits on it for ever."""

import os
import signal


def matrix_multiplication(A, B):
    os.kill(os.getpid(), signal.SIGSTOP)
    return A @ B
