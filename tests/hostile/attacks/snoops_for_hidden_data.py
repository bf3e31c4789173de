# verdict: runtime_error
# message: RuntimeError: found nothing
"""Looks for anything of the judge's in the sandbox: the environment of every process, their
command lines, the mounts, and every readable file outside the system's own folders, searching for
the secret's setting, database and queue addresses, reference solutions and hidden suites."""

import os

MARKERS = (
    b"JUDGE_SECRET",
    b"redis://",
    b"sqlite:///",
    b"postgresql",
    b"reference.py",
    b"cases.py",
    b"challenge.toml",
    b"BEGIN PRIVATE KEY",
    b"io.judge",
)
SYSTEM = (
    "/proc",
    "/sys",
    "/dev",
    "/usr",
    "/lib",
    "/lib64",
    "/bin",
    "/sbin",
    "/etc",
    "/var/lib",
    "/var/cache",
    "/opt/judge",
)
STANDARD_MOUNTS = {
    "/",
    "/tmp",
    "/proc",
    "/dev",
    "/sys",
    "/dev/pts",
    "/dev/mqueue",
    "/dev/shm",
    "/sys/fs/cgroup",
    "/etc/hosts",
    "/etc/hostname",
    "/etc/resolv.conf",
    "/dev/console",
    # The runner's inbox: empty by now, and not to be listed (attack reaches_for_the_runners_inbox).
    "/judge-inbox",
}


def _read(path, limit=1 << 20):
    try:
        with open(path, "rb") as f:
            return f.read(limit)
    except OSError:
        return b""


def _hits(where, data):
    return [f"{where}: {m.decode()}" for m in MARKERS if m in data]


def snoop():
    found = _hits("environ", repr(dict(os.environ)).encode())
    for pid in filter(str.isdigit, os.listdir("/proc")):
        for part in ("environ", "cmdline"):
            found += _hits(f"/proc/{pid}/{part}", _read(f"/proc/{pid}/{part}"))
    for line in _read("/proc/self/mountinfo").decode().splitlines():
        point = line.split()[4]
        if point not in STANDARD_MOUNTS and not point.startswith(("/proc/", "/sys/", "/dev/")):
            found.append(f"mount {point}")
    for folder, dirs, files in os.walk("/"):
        dirs[:] = [d for d in dirs if not os.path.join(folder, d).startswith(SYSTEM)]
        for name in files:
            path = os.path.join(folder, name)
            found += _hits(path, _read(path))
    return found


FOUND = snoop()


def matrix_multiplication(A, B):
    raise RuntimeError(f"found {FOUND[:20]}" if FOUND else "found nothing")
