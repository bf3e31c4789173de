# verdict: accepted
# message: ^$
"""Double-forks a daemon in a new session that burns CPU and writes files for ever, then answers
correctly. The answer is judged; the daemon must not survive its sandbox."""

import os
import time


def _daemon():
    if os.fork():
        os._exit(0)
    os.setsid()
    if os.fork():
        os._exit(0)
    for fd in range(3, 64):
        try:
            os.close(fd)
        except OSError:
            pass
    n = 0
    while True:
        n += 1
        try:
            with open(f"/tmp/daemon-{n % 10}", "w") as f:
                f.write(str(time.time()))
        except OSError:
            pass


_started = False


def matrix_multiplication(A, B):
    global _started
    if not _started:
        _started = True
        if os.fork() == 0:
            _daemon()
        os.wait()
    return A @ B
