"""What a clean host looks like after a sandbox run, checked from the host's side."""

from __future__ import annotations

import os
import socket
import subprocess
from pathlib import Path

from harness.processes import labelled
from judge.container_config import WARM_LABEL

RUNNER_UID = 10001  # the sandbox's user (deploy/runner/Dockerfile): no host process runs as it


def _listed(tree: set[int] | None, *filters: str) -> list[str]:
    """The full ids of the judge's containers that match ``filters``; with ``tree``, not those
    of another live worker on this host (a stack ``scripts/up`` started, say): only the ones
    ``tree`` owns, or whose owner is gone."""
    return [cid for cid, owner in labelled(*filters) if tree is None or not _anothers(owner, tree)]


def _anothers(owner: str, tree: set[int]) -> bool:
    """Owned by a live process of this host outside ``tree``."""
    host, _, pid = owner.rpartition(":")
    if host != socket.gethostname() or not pid.isdigit() or int(pid) in tree:
        return False
    return alive(int(pid))


def sandbox_containers(tree: set[int] | None = None) -> list[str]:
    """Every container, running or not, that carries the judge's label (and that ``tree``'s
    worker may have made: see :func:`_listed`)."""
    return _listed(tree, "-a")


def foreign_sandboxes(tree: set[int]) -> list[str]:
    """The judge's containers that another live worker on this host owns."""
    return sorted(set(sandbox_containers()) - set(sandbox_containers(tree)))


def sandboxes_of_submission(submission_id: int, tree: set[int] | None = None) -> list[str]:
    """The judge's containers made for one submission, running or not: named for it when it
    takes them (``judge-submission-<id>-...``), a warm one included."""
    return _listed(tree, "-a", "--filter", f"name=judge-submission-{submission_id}-")


def waiting_sandboxes(tree: set[int] | None = None) -> list[str]:
    """The full ids of the running warm sandboxes: each worker slot keeps one started, waiting
    for its next submission. Used ones are removed, and do not count."""
    return _listed(tree, "--filter", f"label={WARM_LABEL}")


def runner_processes(waiting: list[str] = ()) -> dict[int, tuple[str, str]]:
    """Host processes running as the sandbox's user, but for those of the ``waiting``
    sandboxes: ``pid -> ("pid (name)", its cgroup)`` (the cgroup names its container)."""
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            status = (entry / "status").read_text()
            cgroup = (entry / "cgroup").read_text()
        except OSError:
            continue  # exited while we looked
        if any(container in cgroup for container in waiting):
            continue
        uids = next(line.split()[1:] for line in status.splitlines() if line.startswith("Uid:"))
        if int(uids[0]) == RUNNER_UID:
            name = next(line.split()[1] for line in status.splitlines() if line.startswith("Name"))
            found[int(entry.name)] = (f"{entry.name} ({name})", cgroup)
    return found


def outliving_processes(tree: set[int], waiting: list[str]) -> list[str]:
    """The sandbox user's processes that outlived their sandbox: not in one of the ``waiting``
    sandboxes, nor in a sandbox another live process owns (the packages' proof runs beside the
    attacks, as the same user). The other owners' sandboxes are listed after the processes are
    read, so that one started in between is known, and a process is reported only if it is
    still there after that: one whose sandbox was removed meanwhile ended with it."""
    seen = runner_processes(waiting)
    others = foreign_sandboxes(tree)
    still = runner_processes(waiting)
    return [
        described
        for pid, (described, cgroup) in seen.items()
        if pid in still and not any(container in cgroup for container in others)
    ]


def runner_files(*roots: Path) -> list[str]:
    """Files the sandbox's user owns under ``roots``: something written through to the host."""
    found = []
    for root in roots:
        for folder, _, files in os.walk(root):
            for name in files:
                path = os.path.join(folder, name)
                try:
                    if os.lstat(path).st_uid == RUNNER_UID:
                        found.append(path)
                except OSError:
                    continue
    return found


def volumes() -> set[str]:
    out = subprocess.run(["docker", "volume", "ls", "-q"], capture_output=True, text=True)
    return set(out.stdout.split())


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    stat = Path(f"/proc/{pid}/stat").read_text()
    return stat.rpartition(")")[2].split()[0] != "Z"
