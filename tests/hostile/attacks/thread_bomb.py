# verdict: runtime_error
# message: can't start new thread|RuntimeError
"""Starts sleeping threads until the pids limit stops it."""

import threading
import time


def matrix_multiplication(A, B):
    while True:
        threading.Thread(target=time.sleep, args=(3600,), daemon=True).start()
