# verdict: runtime_error
# message: RuntimeError: listed=PermissionError connected=FileNotFoundError through_pid1=PermissionError sockets=0
"""Reaches for the runner's inbox, the socket the worker sent the request through (and sends each
timed run's input set through): its directory, the socket itself, the same path through the
runner's own root, and any socket among this process's descriptors."""

import os
import socket

INBOX = "/judge-inbox"


def outcome(attempt):
    try:
        attempt()
        return "ok"
    except OSError as exc:
        return type(exc).__name__


def connect(path):
    with socket.socket(socket.AF_UNIX) as client:
        client.connect(path)


def sockets():
    found = 0
    for fd in os.listdir("/proc/self/fd"):
        try:
            found += os.readlink(f"/proc/self/fd/{fd}").startswith("socket:")
        except OSError:
            pass
    return found


FACTS = (
    f"listed={outcome(lambda: os.listdir(INBOX))}"
    f" connected={outcome(lambda: connect(INBOX + '/socket'))}"
    f" through_pid1={outcome(lambda: connect('/proc/1/root' + INBOX + '/socket'))}"
    f" sockets={sockets()}"
)


def matrix_multiplication(A, B):
    raise RuntimeError(FACTS)
