"""Real services for the tests: a Redis server, a Celery worker process, the API over HTTP, and
the Docker engine with the runner image. A missing service is an error, never a skip."""

from __future__ import annotations

import dataclasses
import os
import shutil
import socket
import subprocess
import sys
import threading
from pathlib import Path

import pytest
import requests

from judge.config import REPO_ROOT, Settings
from judge.errors import JudgeError
from judge.sandbox import is_stray
from judge.verdicts import IN_FLIGHT
from tests import contract
from tests.helpers import TimedOut, wait_for
from tests.hostile.host import labelled, process_tree

WORKER_START_S = 60

# The suite makes its own services and settings: a stack that scripts/up runs from this checkout
# (its var/judge.env) must not leak into them, nor into the processes the tests start.
os.environ["JUDGE_SETTINGS_FILE"] = ""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session", autouse=True)
def api_contract():
    """Every answer of the API that a test sees, through Flask's test client or through
    ``requests`` from a live server the tests started, is checked against its OpenAPI document
    (``tests/contract.py``)."""
    import flask
    import requests.sessions

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(flask.Flask, "test_client_class", contract.CheckedClient)
        patch.setattr(requests.sessions, "default_hooks", contract.checked_hooks)
        yield


@pytest.fixture(scope="session")
def runner_image() -> str:
    """The real runner image, built once (offline when no registry answers)."""
    from judge.images import ensure_runner_image

    try:
        return ensure_runner_image(Settings.load())
    except JudgeError as exc:
        pytest.fail(f"Docker or the runner image is not available ({exc}); run scripts/test")


@pytest.fixture(scope="session")
def redis_server(tmp_path_factory) -> str:
    exe = shutil.which("redis-server")
    if exe is None:
        pytest.fail("redis-server is not installed; run scripts/test, which installs it")
    port = free_port()
    workdir = tmp_path_factory.mktemp("redis")
    proc = subprocess.Popen(
        [
            exe,
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(workdir),
        ],
        stdout=subprocess.DEVNULL,
    )
    url = f"redis://127.0.0.1:{port}/0"
    import redis

    client = redis.Redis.from_url(url)

    def answers() -> bool:
        try:
            return client.ping()
        except redis.ConnectionError:
            return False

    try:
        wait_for(answers, 5, "redis-server to start", interval=0.05)
    except TimedOut:
        proc.kill()
        pytest.fail("redis-server did not start")
    yield url
    proc.terminate()
    proc.wait(10)


@dataclasses.dataclass
class Stack:
    """The API at ``url`` with a real worker behind it, sharing one database."""

    url: str
    settings: Settings
    worker_log: Path
    worker_pid: int
    concurrency: int = 2  # worker slots

    def add_user(self, name: str) -> str:
        from judge.storage import Database
        from judge.users import add_user

        return add_user(Database(self.settings.database), name)[1]

    def submit(self, token: str, source: str, challenge: str = "matmul") -> requests.Response:
        return requests.post(
            f"{self.url}/api/v1/submissions",
            json={"challenge": challenge, "source": source},
            headers={"Authorization": f"Bearer {token}"},
            timeout=30,
        )

    def wait(self, submission_id: int, timeout: float = 180) -> dict:
        """The submission's view once it has its verdict."""

        def judged() -> dict | None:
            body = requests.get(f"{self.url}/api/v1/submissions/{submission_id}", timeout=10).json()
            return None if body["status"] in IN_FLIGHT else body

        return wait_for(
            judged,
            timeout,
            f"submission {submission_id} to be judged",
            interval=0.2,
            explain=lambda: self.worker_log.read_text()[-3000:],
        )


@pytest.fixture(scope="session")
def stack(tmp_path_factory, redis_server, runner_image) -> Stack:
    from werkzeug.serving import make_server

    from api import create_app

    data = tmp_path_factory.mktemp("stack")
    env = {
        **os.environ,
        "JUDGE_DATA_DIR": str(data),
        "JUDGE_REDIS_URL": redis_server,
        "JUDGE_STRAY_SWEEP_S": "3",
        # Every package's solutions go through this stack: a benchmark timed for half a second
        # (still at least JUDGE_BENCHMARK_MIN_RUNS runs) rather than two.
        "JUDGE_BENCHMARK_BUDGET_S": "0.5",
    }
    settings = Settings.load(env)
    # The attack suite queues fifty submissions of one user at once: no quotas on this stack
    # (tests/test_quotas.py has its own).
    worker_log = data / "worker.log"
    worker = start_worker(env, worker_log, concurrency=Stack.concurrency)
    quotas = {"submissions_per_minute": 0, "max_waiting_submissions": 0}
    app = create_app({"data_dir": data, "redis_url": redis_server, **quotas})
    wait_for_worker(app.extensions["judge"].celery, worker, worker_log)
    server = make_server("127.0.0.1", free_port(), app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    contract.serving(f"http://127.0.0.1:{server.server_port}")
    yield Stack(f"http://127.0.0.1:{server.server_port}", settings, worker_log, worker.pid)
    server.shutdown()
    stop_worker(worker)


def start_worker(env: dict[str, str], log_path: Path, concurrency: int = 1) -> subprocess.Popen:
    """A real Celery worker process on both queues, started as operators do (``judge worker``,
    which becomes Celery's worker), logging to ``log_path``."""
    with log_path.open("wb") as log:
        return subprocess.Popen(
            [
                sys.executable,
                "-m",
                "judge.cli",
                "worker",
                "-c",
                str(concurrency),
                "--",
                "--without-gossip",
                "--without-mingle",
                "-n",
                f"test-{os.getpid()}-{log_path.stem}@%h",
            ],
            env=env,
            cwd=REPO_ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
        )


def stop_worker(worker: subprocess.Popen) -> None:
    """A warm shutdown, or a kill after 30 s; reaped either way."""
    worker.terminate()
    try:
        worker.wait(30)
    except subprocess.TimeoutExpired:
        worker.kill()
        worker.wait()


def wait_for_worker(celery, worker: subprocess.Popen, log: Path) -> None:
    def answers() -> bool:
        if worker.poll() is not None:
            pytest.fail(f"the Celery worker exited:\n{log.read_text()[-3000:]}")
        return bool(celery.control.ping(timeout=0.5))

    try:
        wait_for(answers, WORKER_START_S, "the Celery worker", interval=0)
    except TimedOut:
        worker.kill()
        pytest.fail(f"the Celery worker did not answer within {WORKER_START_S} s")


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium, driven by Playwright (whose own browser download is not needed)."""
    from playwright.sync_api import sync_playwright

    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if path is None:
        pytest.fail("Chromium is not installed; run scripts/test")
    # Chromium's own sandbox needs user namespaces that root in a container may not have.
    args = ["--no-sandbox"] if os.geteuid() == 0 else []
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=path, args=args)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session", autouse=True)
def no_sandbox_left_behind():
    """After the whole suite, no container carrying the judge's label may remain, but those of
    a live worker that is not the suite's (a stack ``scripts/up`` started beside it): the
    suite's workers are stopped by then, so what they left is a stray, and what this process
    made is its own."""
    yield
    docker = shutil.which("docker")
    if docker is None:
        return
    found = labelled("-a")
    ours = {f"{socket.gethostname()}:{pid}" for pid in process_tree(os.getpid())}
    left = [cid for cid, owner in found if owner in ours or is_stray(owner)]
    if left:
        subprocess.run([docker, "rm", "-f", *left], capture_output=True)
        pytest.fail(f"{len(left)} sandbox containers were left behind")
