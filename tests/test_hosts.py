"""Two worker hosts sharing Redis and PostgreSQL, on one machine: each worker with a host name of
its own (``JUDGE_HOST_ID``), a data folder of its own and its own sandboxes on the shared Docker
engine. One host killed mid-run: the other finishes its work, and neither removes the other's
sandboxes. A GPU challenge goes to the ``gpu`` queue, which one host only consumes."""

from __future__ import annotations

import shutil
import subprocess
import time

import pytest

from harness.faultlab import Lab
from harness.processes import labelled, wait_for
from judge.submissions import get_submission

# waits: its CPU is mostly idle, so it runs beside the packages' proof (conftest.py).
pytestmark = [pytest.mark.services, pytest.mark.docker, pytest.mark.waits]

HOSTS = ("judge-host-a", "judge-host-b")


def sandboxes_of(host: str, name: str = "") -> list[str]:
    """Every container of ``host``'s workers, running or not (``name``: only those so named)."""
    named = ["--filter", f"name={name}"] if name else []
    return [cid for cid, owner in labelled("-a", *named) if owner.startswith(f"{host}:")]


@pytest.fixture(autouse=True)
def no_host_sandbox_left():
    """What a test left of a host it killed (the suite's own check knows only this machine's
    name)."""
    yield
    for host in HOSTS:
        if found := sandboxes_of(host):
            subprocess.run(["docker", "rm", "-f", *found], capture_output=True)


@pytest.fixture
def two_hosts(tmp_path, runner_image, postgres_server):
    lab = Lab(tmp_path / "shared", database_url=postgres_server.new_database(), stale_after_s="6")
    yield lab
    lab.close()


def host(lab: Lab, name: str, queues: str, tmp_path) -> subprocess.Popen:
    folder = tmp_path / name
    folder.mkdir(exist_ok=True)
    worker = lab.start_worker(name=name, queues=queues, host_id=name, data_dir=str(folder))
    lab.wait_worker_ready(worker)
    return worker


def test_one_host_killed_the_other_finishes_and_neither_takes_the_others_sandboxes(
    two_hosts, tmp_path
):
    lab = two_hosts
    a, _ = host(lab, HOSTS[0], "cpu", tmp_path), host(lab, HOSTS[1], "cpu,gpu", tmp_path)
    ids = lab.submit(4)
    # A submission's sandbox is named for it once taken: host a is judging one.
    wait_for(lambda: sandboxes_of(HOSTS[0], "judge-submission-"), 60, "host a to judge")
    lab.kill_worker(a)
    left_by_a = set(sandboxes_of(HOSTS[0]))
    assert left_by_a
    outcome = lab.outcome(ids, time.monotonic(), 90)
    assert outcome.lost == 0 and set(outcome.verdicts.values()) == {"accepted"}, lab.logs()
    # Host b removes its own strays every few seconds, never host a's: they are a's to remove.
    assert left_by_a <= set(sandboxes_of(HOSTS[0]))
    restarted = host(lab, HOSTS[0], "cpu", tmp_path)
    wait_for(lambda: not left_by_a & set(sandboxes_of(HOSTS[0])), 60, "a to remove its strays")
    assert restarted.poll() is None


def test_a_gpu_challenge_goes_to_the_host_that_takes_the_gpu_queue(
    tmp_path, runner_image, postgres_server
):
    challenges = tmp_path / "challenges"
    shutil.copytree("challenges/matmul", challenges / "matmul_gpu")
    toml = challenges / "matmul_gpu" / "challenge.toml"
    toml.write_text(toml.read_text().replace('device = "cpu"', 'device = "gpu"'))
    lab = Lab(
        tmp_path / "shared",
        database_url=postgres_server.new_database(),
        challenges_dir=str(challenges),
        gpu_runner_image=runner_image,  # this machine may have no GPU: the routing is the test
    )
    try:
        host(lab, HOSTS[0], "cpu", tmp_path)
        [gpu_sid] = lab.submit(1, slug="matmul_gpu")
        [cpu_sid] = lab.submit(1)
        assert lab.outcome([cpu_sid], time.monotonic(), 60).lost == 0
        time.sleep(3)  # past the sweeper's grace: still queued, still marked, and not taken
        assert lab.statuses([gpu_sid])[gpu_sid] == "queued"
        host(lab, HOSTS[1], "cpu,gpu", tmp_path)
        outcome = lab.outcome([gpu_sid], time.monotonic(), 60)
        assert outcome.lost == 0
        # Judged there: accepted on a machine with a GPU; without one, the engine refuses the
        # device, which is the judge's error, and says so.
        judged = get_submission(lab.db, gpu_sid)
        assert judged.status == "accepted" or (
            judged.status == "internal_error" and "gpu" in judged.message
        ), judged.message
    finally:
        lab.close()
