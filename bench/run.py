"""The judge's speed and timing stability, measured on the real stack: prints figures.

    .venv/bin/python bench/run.py [--quick] [--worker-log PATH]

Starts its own Redis, API (gunicorn) and Celery worker on free ports with a fresh data folder,
using this machine's Docker and the runner image (build it first: `./scripts/up` or
`judge images build`), and measures, in one run:

1. the floor: a bare container of the runner image doing nothing (created, started, removed);
2. end-to-end latency from POST to the final verdict of the accepted matmul reference, with the
   warm sandboxes off (cold) and on (warm), one at a time and 0.5 s apart; and the judge's
   overhead: the latency minus the time the runner spent in the submission's code (every case's
   call and every timed run), and, for comparison, the latency minus the sandbox's whole run
   (``run_ms``);
3. throughput: 200 trivial submissions posted at once, with the worker's default concurrency,
   against the rate at which this host creates, starts and removes containers (measured with
   the same parallelism, in the same run);
4. where each millisecond of a warm judging goes: the API (the POST's round trip), the queue
   (from the API's answer to the worker's "running" event), and each step of the worker's judging
   (the mean of ``judge_step_seconds`` over the warm runs, read from ``/metrics``: the cases and
   expected results made, the sandbox's start, the cases, the timed runs, their preparations and
   outputs, the runner's start and the transfers, grading, the reference's paired run, storing),
   and what is left until the final event arrives;
5. stability: one accepted knn solution judged 10 times (0.5 s apart) by one worker, and 6 times
   with the worker restarted before each: the coefficient of variation of its score, each way.

Targets (issue 32, a 2-core machine): warm median overhead <= 300 ms; cold median latency <= the
floor + 400 ms; throughput >= 80% of the container rate; score CV <= 3% within a worker's life
and across restarts.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import redis
import requests

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
sys.path.insert(0, str(ROOT))

from harness.processes import (  # noqa: E402
    free_port,
    start_api,
    start_redis,
    start_worker,
    wait_for,
)
from judge.config import Settings  # noqa: E402
from judge.container_config import NO_NETWORK  # noqa: E402
from judge.images import ensure_runner_image  # noqa: E402

TRIVIAL = "def matrix_multiplication(A, B):\n    return None\n"
# Between two submissions judged one at a time, as candidates send them; a burst of them is what
# the throughput figure measures.
PAUSE_S = 0.5


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


class Stack:
    """Redis, the API and a worker, as separate processes, sharing one fresh data folder."""

    def __init__(self, data: Path, worker_log: Path | None = None) -> None:
        self.data = data
        self.worker_log = worker_log  # where each worker's log is kept, if anywhere
        self.redis_port, self.api_port = free_port(), free_port()
        self.env = {
            **os.environ,
            "JUDGE_DATA_DIR": str(data),
            "JUDGE_REDIS_URL": f"redis://127.0.0.1:{self.redis_port}/0",
            # One user sends every submission, hundreds in minutes: no quotas here.
            "JUDGE_SUBMISSIONS_PER_MINUTE": "0",
            "JUDGE_MAX_WAITING_SUBMISSIONS": "0",
        }
        self.url = f"http://127.0.0.1:{self.api_port}"
        self.processes: dict[str, subprocess.Popen] = {}
        self.answered: dict[int, float] = {}  # submission id -> when the POST was answered
        self.finals: dict[int, float] = {}  # submission id -> when its final event arrived
        self.claims: dict[int, float] = {}  # submission id -> when its first "running" arrived
        self._finals_ready = threading.Event()

    def start(self, warm: bool) -> None:
        self.processes["redis"] = start_redis(self.redis_port, self.data)
        subprocess.run([VENV_BIN / "judge", "db", "init"], env=self.env, check=True)
        self.start_worker(warm)
        self.processes["api"] = start_api(self.env, self.api_port, self.data / "api.log")
        threading.Thread(target=self._listen, daemon=True).start()
        self._finals_ready.wait(10)

    def start_worker(self, warm: bool) -> None:
        env = {**self.env, "JUDGE_WARM_SANDBOXES": "1" if warm else "0"}
        log = self.data / "worker.log"
        # The worker's default concurrency, one slot per CPU, as operators run it.
        self.processes["worker"] = start_worker(env, log, concurrency=None)
        wait_for(lambda: "ready." in log.read_text()[-20000:], 60, f"the worker (see {log})")
        time.sleep(2)  # the pool's first warm sandboxes

    def stop_worker(self) -> None:
        worker = self.processes.pop("worker")
        worker.terminate()
        worker.wait(60)
        self.keep_worker_log()
        (self.data / "worker.log").write_text("")  # so the next start waits for its own "ready."

    def keep_worker_log(self) -> None:
        """Appends the worker's log to ``worker_log``, if given: the data folder goes at the end."""
        if self.worker_log is not None:
            with self.worker_log.open("a") as kept:
                kept.write((self.data / "worker.log").read_text())

    def stop(self) -> None:
        if "worker" in self.processes:
            self.keep_worker_log()
        for process in self.processes.values():
            process.terminate()
        for process in self.processes.values():
            try:
                process.wait(30)
            except subprocess.TimeoutExpired:
                process.kill()

    def _listen(self) -> None:
        pubsub = redis.Redis(port=self.redis_port).pubsub()
        pubsub.psubscribe("judge:submission:*")
        self._finals_ready.set()
        try:
            for message in pubsub.listen():
                if message["type"] != "pmessage":
                    continue
                event = json.loads(message["data"])
                if event.get("final"):
                    self.finals[int(event["id"])] = time.monotonic()
                elif event.get("status") == "running":
                    self.claims.setdefault(int(event["id"]), time.monotonic())
        except redis.ConnectionError:
            return  # Redis stopped: the run is over

    def user(self, name: str) -> str:
        out = subprocess.run(
            [VENV_BIN / "judge", "users", "add", name],
            env=self.env,
            check=True,
            capture_output=True,
            text=True,
        )
        return out.stdout.strip().splitlines()[-1]

    def post(self, token: str, challenge: str, source: str) -> tuple[int, float]:
        sent = time.monotonic()
        response = requests.post(
            f"{self.url}/api/v1/submissions",
            json={"challenge": challenge, "source": source},
            headers={"Authorization": f"Bearer {token}"},
            timeout=30,
        )
        response.raise_for_status()
        submission_id = response.json()["id"]
        self.answered[submission_id] = time.monotonic()
        return submission_id, sent

    def steps(self) -> dict[str, tuple[float, int]]:
        """``judge_step_seconds`` from ``/metrics``: each step's total seconds and count, over
        every worker."""
        from prometheus_client.parser import text_string_to_metric_families

        text = requests.get(f"{self.url}/metrics", timeout=10).text
        totals: dict[str, list[float]] = {}
        for family in text_string_to_metric_families(text):
            if family.name != "judge_step_seconds":
                continue
            for sample in family.samples:
                kind = sample.name.removeprefix("judge_step_seconds")
                if kind in ("_sum", "_count") and "step" in sample.labels:
                    pair = totals.setdefault(sample.labels["step"], [0.0, 0.0])
                    pair[0 if kind == "_sum" else 1] += sample.value
        return {step: (total, int(count)) for step, (total, count) in totals.items()}

    def steps_after(
        self, since: dict[str, tuple[float, int]], judgings: int, timeout: float = 30
    ) -> dict[str, tuple[float, int]]:
        """:meth:`steps` once the worker has observed ``judgings`` more judgings than ``since``
        holds. It observes a judging after its final event, so a figure read at once can miss the
        last one, which the next window's would then count."""
        want = since.get("store", (0.0, 0))[1] + judgings
        deadline = time.monotonic() + timeout
        while True:
            now = self.steps()
            if now.get("store", (0.0, 0))[1] >= want or time.monotonic() > deadline:
                return now
            time.sleep(0.05)

    def result(self, submission_id: int, timeout: float = 300) -> dict:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if submission_id in self.finals:
                body = requests.get(f"{self.url}/api/v1/submissions/{submission_id}", timeout=10)
                return body.json()
            time.sleep(0.005)
        raise SystemExit(f"submission {submission_id} was not judged in {timeout} s")


def in_submission_ms(body: dict) -> float:
    """The time the runner spent in the submission's code: every case's run and timed runs."""
    total = 0.0
    for case in body["cases"]:
        total += case["time_ms"] or 0.0
        if case.get("timing"):
            total += case["timing"]["total_ms"]
    return total


def floor(image: str, runs: int) -> list[float]:
    """A bare container of the runner image doing nothing, created, started, waited for and
    removed, with the sandboxes' network setting (none at all, not even the engine's empty
    network sandbox: :func:`judge.container_config.locked_down`)."""
    import docker

    client = docker.from_env()
    times = []
    for _ in range(runs):
        started = time.monotonic()
        bare(client, image, ["/bin/true"])
        times.append((time.monotonic() - started) * 1000)
    return times


def bare(client, image: str, command: list[str]) -> None:
    """One container of ``image`` running ``command``, with the sandboxes' network setting."""
    container = client.containers.create(image, entrypoint=command, detach=True, **NO_NETWORK)
    container.start()
    container.wait()
    container.remove(force=True)


def container_rate(image: str, count: int, parallel: int, command: list[str]) -> float:
    """Containers created, started, waited for and removed per second, ``parallel`` at a time,
    each running ``command``."""
    import docker

    client = docker.from_env()
    started = time.monotonic()
    with concurrent.futures.ThreadPoolExecutor(parallel) as pool:
        list(pool.map(lambda _: bare(client, image, command), range(count)))
    return count / (time.monotonic() - started)


def latency(stack: Stack, token: str, source: str, count: int) -> dict[str, list[float]]:
    """Per submission: the latency, the overhead over the time in the submission's code, and the
    overhead over the sandbox's whole run (starting, timing harness and all); and its parts seen
    from here: the API's answer, the queue (to the worker's "running"), the judging (to the final
    event)."""
    figures: dict[str, list[float]] = {
        "latency": [],
        "overhead": [],
        "outside": [],
        "api": [],
        "queue": [],
        "judging": [],
    }
    for _ in range(count):
        time.sleep(PAUSE_S)
        submission_id, sent = stack.post(token, "matmul", source)
        body = stack.result(submission_id)
        if body["status"] != "accepted":
            sys.exit(f"the matmul reference was not accepted: {body['message']}")
        took = (stack.finals[submission_id] - sent) * 1000
        figures["latency"].append(took)
        figures["overhead"].append(took - in_submission_ms(body))
        figures["outside"].append(took - body["run_ms"])
        answered, claimed = stack.answered[submission_id], stack.claims[submission_id]
        figures["api"].append((answered - sent) * 1000)
        figures["queue"].append((claimed - answered) * 1000)
        figures["judging"].append((stack.finals[submission_id] - claimed) * 1000)
    return figures


def breakdown(
    figures: dict[str, list[float]],
    before: dict[str, tuple[float, int]],
    after: dict[str, tuple[float, int]],
) -> list[tuple[str, float]]:
    """Where a judging's milliseconds go, on average: the parts seen from here, and the worker's
    steps (their means over the runs between ``before`` and ``after``)."""
    rows = [("API (POST answered)", statistics.mean(figures["api"]))]
    rows.append(("queue (to the worker's claim)", statistics.mean(figures["queue"])))
    judged = statistics.mean(figures["judging"])
    accounted = 0.0
    for step, (total, count) in sorted(after.items()):
        old_total, old_count = before.get(step, (0.0, 0))
        if count > old_count:
            mean = (total - old_total) / (count - old_count) * 1000
            rows.append((f"  {step}", mean))
            accounted += mean
    rows.append(("  the rest (claim, checks, events)", judged - accounted))
    rows.append(("claim to final event", judged))
    rows.append(("latency", statistics.mean(figures["latency"])))
    return rows


def throughput(stack: Stack, token: str, count: int) -> float:
    started = time.monotonic()
    with concurrent.futures.ThreadPoolExecutor(16) as pool:
        ids = [i for i, _ in pool.map(lambda _: stack.post(token, "matmul", TRIVIAL), range(count))]
    for submission_id in ids:
        stack.result(submission_id)
    return count / (max(stack.finals[i] for i in ids) - started)


def stability(stack: Stack, token: str, runs: int, restart: bool = False) -> list[float]:
    """The knn solution's scores over ``runs`` judgings; ``restart``: the worker restarted
    before each (a new worker's life: its sandboxes, its pool, its caches)."""
    source = (ROOT / "challenges" / "knn" / "right" / "full_matrix.py").read_text()
    scores = []
    for _ in range(runs):
        if restart:
            stack.stop_worker()
            stack.start_worker(warm=True)
        time.sleep(PAUSE_S)
        body = stack.result(stack.post(token, "knn", source)[0])
        if body["status"] != "accepted" or body["score"] is None or body["flagged"]:
            sys.exit(f"the knn solution was not scored: {body['status']} {body['message']}")
        scores.append(body["score"])
    return scores


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repetitions (a smoke test)")
    parser.add_argument(
        "--worker-log",
        type=Path,
        help="append the workers' logs to this file (they say when "
        "the reference's times were reused, kept or timed again)",
    )
    args = parser.parse_args()
    n_floor, n_latency, n_burst, n_stable = (5, 10, 40, 3) if args.quick else (20, 50, 200, 10)
    n_restarts = 2 if args.quick else 6
    settings = Settings.load()
    image = ensure_runner_image(settings, lambda m: print(m, file=sys.stderr))
    reference = (ROOT / "challenges" / "matmul" / "reference.py").read_text()
    cpus = os.cpu_count() or 1
    print(f"machine: {platform.node()}, {cpus} CPUs, {platform.platform()}")
    print(f"runner image: {image}")

    floor_ms = floor(image, n_floor)
    with tempfile.TemporaryDirectory(prefix="judge-bench-") as scratch:
        stack = Stack(Path(scratch), args.worker_log)
        try:
            stack.start(warm=False)
            token = stack.user("bench")
            stack.result(stack.post(token, "matmul", reference)[0])  # reference timed once
            cold = latency(stack, token, reference, n_latency)
            stack.stop_worker()
            stack.start_worker(warm=True)
            restarted_at = stack.steps()
            stack.result(stack.post(token, "matmul", reference)[0])
            before = stack.steps_after(restarted_at, 1)
            warm = latency(stack, token, reference, n_latency)
            spent = breakdown(warm, before, stack.steps_after(before, n_latency))
            rate = container_rate(image, max(40, n_burst // 5), cpus, ["/bin/true"])
            # What a sandbox does before it can judge anything: start Python and import NumPy.
            numpy_rate = container_rate(
                image, max(40, n_burst // 5), cpus, ["python3", "-c", "import numpy"]
            )
            burst = throughput(stack, token, n_burst)
            scores = stability(stack, token, n_stable)
            restarted = stability(stack, token, n_restarts, restart=True)
        finally:
            stack.stop()

    floor_median = statistics.median(floor_ms)
    cv, cv_restarts = variation(scores), variation(restarted)
    cold_target = floor_median + 400

    def spread(values: list[float]) -> str:
        return f"{statistics.median(values):.0f} / {percentile(values, 0.95):.0f} ms"

    rows = [
        ("floor: a bare container (median)", f"{floor_median:.0f} ms", ""),
        ("cold latency median / p95", spread(cold["latency"]), f"median <= {cold_target:.0f} ms"),
        ("cold overhead median / p95", spread(cold["overhead"]), ""),
        ("cold outside the sandbox", spread(cold["outside"]), ""),
        ("warm latency median / p95", spread(warm["latency"]), ""),
        ("warm overhead median / p95", spread(warm["overhead"]), "median <= 300 ms"),
        ("warm outside the sandbox", spread(warm["outside"]), ""),
        ("throughput", f"{burst:.2f} submissions/s", ""),
        ("container create+start+remove", f"{rate:.2f} containers/s", ""),
        ("throughput / container rate", f"{burst / rate:.0%}", ">= 80%"),
        ("containers importing NumPy", f"{numpy_rate:.2f} containers/s", ""),
        ("throughput / that rate", f"{burst / numpy_rate:.0%}", ""),
        ("knn score over runs", " ".join(f"{s:.3f}" for s in scores), ""),
        ("knn score CV", f"{cv:.1%}", "<= 3%"),
        ("knn score, worker restarted", " ".join(f"{s:.3f}" for s in restarted), ""),
        ("knn score CV across restarts", f"{cv_restarts:.1%}", "<= 3%"),
    ]
    met = {
        "cold": statistics.median(cold["latency"]) <= cold_target,
        "warm": statistics.median(warm["overhead"]) <= 300,
        "throughput": burst / rate >= 0.8,
        "cv": cv <= 0.03,
        "cv across restarts": cv_restarts <= 0.03,
    }
    print(f"\n{'figure':<34}{'measured':<34}target")
    for name, value, target in rows:
        print(f"{name:<34}{value:<34}{target}")
    print("\ntargets met: " + ", ".join(f"{k} {'yes' if v else 'NO'}" for k, v in met.items()))
    print(f"\nwhere a warm judging's milliseconds go (means of {n_latency} matmul references)")
    for name, ms in spent:
        print(f"{name:<40}{ms:>9.1f} ms")


def variation(scores: list[float]) -> float:
    """The coefficient of variation."""
    return statistics.stdev(scores) / statistics.mean(scores) if len(scores) > 1 else float("nan")


if __name__ == "__main__":
    main()
