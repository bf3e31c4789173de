"""The container every run gets: what locks it down (no network, no capabilities, a read-only
root, an unprivileged user, its own cgroup and IPC namespaces, limits on memory, processes, CPU,
files and their sizes), the BLAS threads it may start, and the labels that say whose it is.
SECURITY.md lists each lock with the test that proves it.
"""

from __future__ import annotations

from typing import Any

from docker.types import DeviceRequest, LogConfig, Ulimit

from judge.docker_engine import container_name
from judge.sandbox import Limits, owner_id, parse_cpuset

LABEL = "io.judge.sandbox"
# "<host>:<pid>" of the process that made the container: a stray is one whose owner is gone.
OWNER_LABEL = "io.judge.owner"
# On a container started ahead of its submission (see ``DockerSandbox(warm=True)``).
WARM_LABEL = "io.judge.warm"
RUNNER_USER = "10001:10001"
# No network, and none set up by the engine at all: the runtime gives the container a network
# namespace of its own, as empty (loopback alone, up), without the engine's network sandbox for
# it, which took half of a container's start here (300 ms against 140, and 200 ms of the host's
# CPU per container: docs/performance.md, ninth pass).
NO_NETWORK = {"network_mode": "none", "network_disabled": True}


def locked_down(
    image: str,
    limits: Limits,
    labels: dict[str, str],
    *,
    runtime: str = "",
    cpuset: str = "",
    gpu: str = "",
    host: str = "",
    warm: bool = False,
) -> dict[str, Any]:
    """``containers.create``'s arguments for one run of ``image`` within ``limits``: on the OCI
    ``runtime`` (empty: Docker's default), pinned to ``cpuset``, given ``gpu`` (empty: any one)
    where the limits ask for GPUs; ``host`` names the owner in its label."""
    # The BLAS libraries start one thread per CPU they may use, and no more.
    threads = str(len(parse_cpuset(cpuset)) if cpuset else max(1, int(limits.cpus)))
    mib = 1024 * 1024
    extra: dict[str, Any] = {"runtime": runtime} if runtime else {}
    if cpuset:
        extra["cpuset_cpus"] = cpuset
    if limits.gpus:
        ids = {"device_ids": [gpu]} if gpu else {"count": limits.gpus}
        extra["device_requests"] = [DeviceRequest(**ids, capabilities=[["gpu"]])]
    return {
        **extra,
        "name": container_name(labels),
        "image": image,
        "stdin_open": True,
        "detach": True,
        "user": RUNNER_USER,
        "working_dir": "/tmp",
        **NO_NETWORK,
        "read_only": True,
        "tmpfs": {"/tmp": f"rw,nosuid,nodev,noexec,size={limits.tmpfs_mb}m,mode=1777"},
        "cap_drop": ["ALL"],
        "security_opt": ["no-new-privileges:true"],
        "mem_limit": f"{limits.memory_mb}m",
        "memswap_limit": f"{limits.memory_mb}m",  # equal: no swap to hide in
        "pids_limit": limits.pids,
        "nano_cpus": int(limits.cpus * 1e9),
        "ipc_mode": "private",
        # Its own cgroup namespace, which Docker gives by default only on a cgroup v2 engine:
        # the container sees no host path, and the runner reads its own cgroup's record.
        "cgroupns": "private",
        "ulimits": [
            Ulimit(name="nofile", soft=limits.open_files, hard=limits.open_files),
            Ulimit(name="fsize", soft=limits.file_size_mb * mib, hard=limits.file_size_mb * mib),
            Ulimit(name="core", soft=0, hard=0),
            # Fixed rather than inherited from the engine, so a C stack overflow is the same
            # SIGSEGV on every host.
            Ulimit(name="stack", soft=limits.stack_mb * mib, hard=limits.stack_mb * mib),
        ],
        # Logs would be stored on the host's disk by the daemon: a flood of prints must not.
        "log_config": LogConfig(type="none"),
        "environment": {
            "OMP_NUM_THREADS": threads,
            "OPENBLAS_NUM_THREADS": threads,
            "MKL_NUM_THREADS": threads,
            "PYTHONDONTWRITEBYTECODE": "1",
        },
        "labels": {
            **labels,
            LABEL: "1",
            OWNER_LABEL: owner_id(host),
            **({WARM_LABEL: "1"} if warm else {}),
        },
    }
