"""Every single fault of the judge's parts, with a batch of submissions in flight: prints, per
fault, the submissions, how many were lost, judged twice or got another verdict than their own,
and the seconds from the part's return to the last verdict.

    .venv/bin/python bench/faults.py [--submissions 30] [--docker-restart]

Each fault gets a judge of its own (``harness/faultlab.py``: its own Redis server, SQLite database
and Celery worker with two slots, real processes), the default settings but a 0.3 s benchmark
budget, and ``--submissions`` right matmul solutions sent at once; the first row is the time
the batch takes without a fault. The parts go as follows:

- ``worker SIGKILL``: the worker's main process and pool killed at once while two submissions
  run; a new worker started 3 s later (the return);
- ``pool process SIGKILL``: one pool process killed mid-run; Celery starts another at once;
- ``Redis flushed``, ``Redis restarted empty``: with submissions queued and running;
- ``API stopped before sending``: the submissions stored, never sent;
- ``database locked``: SQLite locked for writes for 15 s while submissions are judged;
- ``Docker engine restarted`` (only with ``--docker-restart``: it stops every container on this
  machine): the engine stopped mid-run and started again.

The target (issue 18): every verdict within 60 s of the part's return, none lost, none twice.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from harness.faultlab import Lab, Outcome  # noqa: E402
from harness.processes import children, labelled, wait_for  # noqa: E402
from judge.config import Settings  # noqa: E402
from judge.images import ensure_runner_image  # noqa: E402

TARGET_S = 60.0


def worker_killed(lab: Lab, ids: list[int]) -> float:
    worker = lab.workers[-1]
    lab.wait_until_running(ids, 2)
    lab.kill_worker(worker)
    time.sleep(3)
    lab.wait_worker_ready(lab.start_worker())
    return time.monotonic()


def pool_process_killed(lab: Lab, ids: list[int]) -> float:
    """The pool process judging a submission (its sandbox's owner) killed; Celery replaces it."""
    judging = wait_for(lambda: _judging_pool_process(lab), 60, "a pool process judging")
    os.kill(judging, signal.SIGKILL)
    return time.monotonic()


def _judging_pool_process(lab: Lab) -> int | None:
    pool = set(children(lab.workers[-1].pid))
    owners = {
        int(pid)
        for _, owner in labelled("--filter", "name=judge-submission-")
        if (pid := owner.rpartition(":")[2]).isdigit()
    }
    return next(iter(owners & pool), None)


def redis_flushed(lab: Lab, ids: list[int]) -> float:
    lab.wait_until_running(ids, 2)
    lab.flush_redis()
    return time.monotonic()


def redis_restarted(lab: Lab, ids: list[int]) -> float:
    lab.wait_until_running(ids, 2)
    lab.restart_redis_empty()
    return time.monotonic()


def database_locked(lab: Lab, ids: list[int]) -> float:
    lab.wait_until_running(ids, 2)
    with lab.database_locked():
        time.sleep(15)
    return time.monotonic()


def docker_restarted(lab: Lab, ids: list[int]) -> float:
    lab.wait_until_running(ids, 2)
    if shutil.which("systemctl") and Path("/run/systemd/system").is_dir():
        subprocess.run(["systemctl", "restart", "docker"], check=True, timeout=120)
    else:  # started by scripts/lib.sh: stopped, and started the same way
        subprocess.run(["pkill", "-TERM", "-x", "dockerd"], check=False)
        wait_for(lambda: not _dockerd_running(), 60, "dockerd to stop")
        lib = ROOT / "scripts" / "lib.sh"
        subprocess.run(["bash", "-c", f"source {lib}; ensure_docker"], check=True, timeout=180)
    return time.monotonic()


FAULTS: dict[str, tuple[Callable[[Lab, list[int]], float], dict[str, str]]] = {
    "none (the queue's own drain)": (lambda lab, ids: time.monotonic(), {}),
    "worker SIGKILL": (worker_killed, {}),
    "pool process SIGKILL": (pool_process_killed, {}),
    "Redis flushed": (redis_flushed, {}),
    "Redis restarted empty": (redis_restarted, {}),
    "API stopped before sending": (lambda lab, ids: time.monotonic(), {}),
    "database locked 15 s": (database_locked, {}),
    "Docker engine restarted": (docker_restarted, {}),
}


def _dockerd_running() -> bool:
    return subprocess.run(["pgrep", "-x", "dockerd"], stdout=subprocess.DEVNULL).returncode == 0


def run_fault(name: str, folder: Path, count: int) -> Outcome:
    fault, settings = FAULTS[name]
    lab = Lab(folder, **settings)
    try:
        lab.wait_worker_ready(lab.start_worker())
        ids = lab.stored(count) if name.startswith("API") else lab.submit(count)
        back = fault(lab, ids)
        return lab.outcome(ids, back, timeout=600)
    finally:
        lab.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--submissions", type=int, default=30)
    parser.add_argument("--docker-restart", action="store_true")
    parser.add_argument("--only", help="the faults whose name contains this")
    args = parser.parse_args()
    ensure_runner_image(Settings.load())
    names = [n for n in FAULTS if args.docker_restart or not n.startswith("Docker")]
    names = [n for n in names if not args.only or args.only.lower() in n.lower()]
    header = f"{'fault':30} {'subs':>4} {'lost':>4} {'twice':>5} {'other':>5} {'tries':>5}"
    print(f"{header} {'s to last verdict':>17}")
    with tempfile.TemporaryDirectory(prefix="judge-faults-") as scratch:
        for number, name in enumerate(names):
            o = run_fault(name, Path(scratch) / str(number), args.submissions)
            other = sum(v != "accepted" for v in o.verdicts.values())
            print(
                f"{name:30} {o.submissions:>4} {o.lost:>4} {o.duplicates:>5} {other:>5} "
                f"{max(o.attempts.values()):>5} {o.seconds:>17.1f}",
                flush=True,
            )
    print(f"\ntarget: lost 0, twice 0, other 0, every verdict within {TARGET_S:.0f} s")


if __name__ == "__main__":
    main()
