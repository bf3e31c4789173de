# verdict: runtime_error
# message: killed by SIGKILL
"""Sends itself SIGKILL, the signal the memory limit also kills with: with no memory event from
Docker, it must not be mistaken for one."""

import os
import signal


def matrix_multiplication(A, B):
    os.kill(os.getpid(), signal.SIGKILL)
