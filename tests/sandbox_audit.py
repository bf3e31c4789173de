"""What a sandbox's Docker configuration must be, read from ``docker inspect`` or from the create
call the judge sends: the locked-down settings of SECURITY.md, as a list of what is wrong."""

from __future__ import annotations

from typing import Any

from judge.sandbox_inbox import MOUNT as INBOX

# The one security option: any other (seccomp=..., apparmor=..., label=..., systempaths=...)
# replaces or weakens one of Docker's default profiles.
SECURITY_OPT = ["no-new-privileges:true"]


def shared_namespace(mode: str | None) -> bool:
    """A namespace mode that joins the host's, or another container's."""
    return mode == "host" or (mode or "").startswith("container:")


def host_config_problems(host: dict[str, Any], gpus: int = 0) -> list[str]:
    """What is wrong with a container's ``HostConfig`` (inspect data, or the create call's body,
    where a setting left out is Docker's default). The cgroup namespace is left to
    :func:`cgroupns_problems`: Docker's default for it depends on the engine."""
    problems = []
    if host.get("Privileged"):
        problems.append("privileged")
    if list(host.get("SecurityOpt") or []) != SECURITY_OPT:
        problems.append(f"security options {host.get('SecurityOpt')!r}, not {SECURITY_OPT!r}")
    if host.get("NetworkMode") != "none":
        problems.append(f"network mode {host.get('NetworkMode')!r}")
    for key in ("PidMode", "IpcMode", "UTSMode", "UsernsMode"):
        if shared_namespace(host.get(key)):
            problems.append(f"{key} {host.get(key)!r}")
    if host.get("CapDrop") != ["ALL"] or host.get("CapAdd"):
        problems.append(f"capabilities: drop {host.get('CapDrop')!r}, add {host.get('CapAdd')!r}")
    if host.get("ReadonlyRootfs") is not True:
        problems.append("writable root")
    binds = list(host.get("Binds") or [])
    if binds and (len(binds) > 1 or not _is_inbox(binds[0])):
        problems.append(f"Binds {binds!r}: only the runner's inbox, read-only, may be bound")
    for key in ("Mounts", "VolumesFrom", "Devices", "Links"):
        if host.get(key):
            problems.append(f"{key} {host.get(key)!r}")
    if set(host.get("Tmpfs") or {}) != {"/tmp"}:
        problems.append(f"tmpfs {host.get('Tmpfs')!r}")
    requests = host.get("DeviceRequests") or []
    if len(requests) != (1 if gpus else 0):
        problems.append(f"device requests {requests!r} for {gpus} GPUs")
    if not host.get("Memory") or host.get("MemorySwap") != host.get("Memory"):
        problems.append(f"memory {host.get('Memory')!r}, memory+swap {host.get('MemorySwap')!r}")
    if host.get("OomKillDisable"):
        problems.append("the OOM killer is disabled")
    if not host.get("PidsLimit") or host["PidsLimit"] < 0:
        problems.append(f"pids limit {host.get('PidsLimit')!r}")
    return problems


def _is_inbox(bind: str) -> bool:
    """The runner's inbox (``judge/sandbox_inbox.py``): a directory of the worker's own making,
    read-only."""
    source, _, rest = bind.partition(":")
    return rest == f"{INBOX}:ro" and "/judge-inbox-" in source


def cgroupns_problems(host: dict[str, Any]) -> list[str]:
    mode = host.get("CgroupnsMode")
    return [f"CgroupnsMode {mode!r}"] if shared_namespace(mode) else []


def inspect_problems(attrs: dict[str, Any], gpus: int = 0) -> list[str]:
    """What is wrong with a container as ``docker inspect`` shows it."""
    problems = host_config_problems(attrs["HostConfig"], gpus)
    mounts = attrs.get("Mounts") or []  # volumes, anonymous ones of the image's VOLUME too
    inbox = {"Type": "bind", "Destination": INBOX, "RW": False}
    if len(mounts) > 1 or any({k: m.get(k) for k in inbox} != inbox for m in mounts):
        problems.append(f"mounts {mounts!r}")
    if attrs.get("AppArmorProfile") == "unconfined":
        problems.append("AppArmor unconfined")
    return problems
