# verdict: runtime_error
# message: RuntimeError: refused: unshare, mount, setuid, chroot, ptrace, docker-socket, raw-socket
"""Tries what a container escape starts with: a new user namespace, a mount, becoming root,
chroot, tracing the runner's parent, the Docker socket, a raw socket. Each must be refused."""

import ctypes
import os
import socket

libc = ctypes.CDLL(None, use_errno=True)
CLONE_NEWUSER, CLONE_NEWNS = 0x10000000, 0x00020000
PTRACE_ATTACH = 16


def attempts():
    yield "unshare", lambda: libc.unshare(CLONE_NEWUSER | CLONE_NEWNS) == 0
    yield "mount", lambda: libc.mount(b"none", b"/tmp", b"tmpfs", 0, None) == 0
    yield "setuid", lambda: libc.setuid(0) == 0
    yield "chroot", lambda: libc.chroot(b"/tmp") == 0
    yield "ptrace", lambda: libc.ptrace(PTRACE_ATTACH, 1, None, None) == 0
    yield (
        "docker-socket",
        lambda: any(os.path.exists(p) for p in ("/var/run/docker.sock", "/run/docker.sock")),
    )
    yield "raw-socket", lambda: socket.socket(socket.AF_INET, socket.SOCK_RAW, 1) is not None


def probe():
    refused, allowed = [], []
    for name, attempt in attempts():
        try:
            worked = attempt()
        except OSError:
            worked = False
        (allowed if worked else refused).append(name)
    return refused, allowed


REFUSED, ALLOWED = probe()


def matrix_multiplication(A, B):
    if ALLOWED:
        raise RuntimeError(f"allowed: {', '.join(ALLOWED)}")
    raise RuntimeError(f"refused: {', '.join(REFUSED)}")
