# verdict: accepted
# message: ^$
"""Signals the runner's parent (PID 1 of the sandbox) with everything that might end it, then
answers correctly: the parent must survive and report the answer."""

import os
import signal


def matrix_multiplication(A, B):
    for sig in (
        signal.SIGINT,
        signal.SIGTERM,
        signal.SIGHUP,
        signal.SIGUSR1,
        signal.SIGQUIT,
        signal.SIGKILL,
        signal.SIGSTOP,
        signal.SIGPIPE,
        signal.SIGALRM,
    ):
        for pid in (1, os.getppid()):
            try:
                os.kill(pid, sig)
            except OSError:
                pass
    return A @ B
