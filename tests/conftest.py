"""Real services for the tests: a Redis server, a Celery worker process, the API over HTTP, and
the Docker engine with the runner image. A missing service is an error, never a skip."""

from __future__ import annotations

import dataclasses
import functools
import os
import shutil
import socket
import subprocess
import tempfile
import threading
from pathlib import Path

import pytest
import requests

from harness.processes import (
    TimedOut,
    free_port,
    labelled,
    process_tree,
    start_redis,
    start_worker,
    wait_for,
)
from judge.config import Settings
from judge.errors import JudgeError
from judge.sandbox import is_stray
from judge.verdicts import IN_FLIGHT
from tests import contract
from tests.background_proof import PROOF_TEST, BackgroundProof

WORKER_START_S = 60

# The suite makes its own services and settings: a stack that scripts/up runs from this checkout
# (its var/judge.env) must not leak into them, nor into the processes the tests start.
os.environ["JUDGE_SETTINGS_FILE"] = ""
# Nor may a test touch this machine's own judge data: the default data folder (Settings takes it
# from XDG_DATA_HOME) is the suite's, made for this run. Once, a test that opened the default
# database (create_app() with no settings) found it migrated by another checkout's newer code,
# and failed to open it.
os.environ["XDG_DATA_HOME"] = tempfile.mkdtemp(prefix="judge-suite-data-")


PROOF = pytest.StashKey[BackgroundProof]()


@pytest.hookimpl(trylast=True)  # after pytest's own grouping of the items by their parameters
def pytest_collection_modifyitems(config, items):
    """The proof of the packages the session names runs beside the other tests
    (``tests/background_proof.py``), from the session's first test: the tests that mostly wait
    (``waits``) come first, so that the proof fills their idle CPU; the tests that read the
    proof come last. (The attacks' checks of the host tell the proof's sandboxes from their
    stack's by the owner label: ``tests/hostile/host.py``.)"""
    proofs = [item for item in items if getattr(item, "originalname", "") == PROOF_TEST]
    readers = [item for item in items if "proofs" in getattr(item, "fixturenames", ())]
    if not readers:
        return
    # Their own services, not the session's stack: moving them keeps the stacks' order.
    waiting = [
        item
        for item in items
        if item.get_closest_marker("waits") and "stack" not in item.fixturenames
    ]
    slugs = [item.callspec.params["slug"] for item in proofs]
    config.stash[PROOF] = BackgroundProof(slugs)
    moved = set(readers) | set(waiting)
    items[:] = waiting + [item for item in items if item not in moved] + readers


def pytest_runtest_setup(item):
    proof = item.config.stash.get(PROOF, None)
    if proof is not None:
        proof.start()


@pytest.fixture(scope="session")
def proofs(request, runner_image) -> tuple[int, str, dict[str, str]]:
    """The exit code, the output, and each package's table by its slug, of the one
    ``judge challenges check`` of every package this session proves (all of them, unless ``-k``
    chose): all the packages' solutions share its sandboxes, as when an author runs it before a
    release."""
    return request.config.stash[PROOF].result()


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
def torch_runner_image(runner_image) -> str:
    """The PyTorch runner image, built with NumPy's by :func:`runner_image`."""
    from judge.images import runner_tag

    return runner_tag(Settings.load(), "torch")


@pytest.fixture(scope="session")
def runner_image() -> str:
    """The real runner image, NumPy's, built once (offline when no registry answers), with
    PyTorch's beside it (:func:`torch_runner_image`): a worker judges both kinds of package."""
    from judge.images import ensure_runner_images

    try:
        return ensure_runner_images(Settings.load())["numpy"]
    except JudgeError as exc:
        pytest.fail(f"Docker or the runner image is not available ({exc}); run scripts/test")


@pytest.fixture(scope="session")
def redis_server(tmp_path_factory) -> str:
    yield from _redis_server(tmp_path_factory)


def _redis_server(tmp_path_factory):
    """A real Redis server's URL, for as long as the generator is not closed."""
    if shutil.which("redis-server") is None:
        pytest.fail("redis-server is not installed; run scripts/test, which installs it")
    port = free_port()
    try:
        proc = start_redis(port, tmp_path_factory.mktemp("redis"))
    except (RuntimeError, TimedOut) as exc:
        pytest.fail(f"redis-server did not start: {exc}")
    yield f"redis://127.0.0.1:{port}/0"
    proc.terminate()
    proc.wait(10)


@pytest.fixture(scope="session")
def second_redis_server(tmp_path_factory) -> str:
    yield from _redis_server(tmp_path_factory)


@pytest.fixture(scope="session")
def postgres_server():
    """A real PostgreSQL server (Debian's ``postgresql``), started for the suite."""
    from tests.postgres import PostgresServer, binaries

    bindir = binaries()
    if bindir is None:
        pytest.fail("PostgreSQL is not installed; run scripts/test, which installs it")
    server = PostgresServer(bindir)
    try:
        server.start()
    except (RuntimeError, subprocess.SubprocessError, OSError) as exc:
        server.stop()
        pytest.fail(f"PostgreSQL did not start: {exc}")
    yield server
    server.stop()


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request, tmp_path) -> str:
    """An empty database's URL: a SQLite file, then a database on the real PostgreSQL server.
    Tests of storage take it, so each runs on both."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path}/judge.db"
    return request.getfixturevalue("postgres_server").new_database()


@dataclasses.dataclass
class Stack:
    """The API at ``url`` with a real worker behind it, sharing one database."""

    url: str
    settings: Settings
    worker_log: Path
    worker_pid: int
    concurrency: int = 2  # worker slots

    @functools.cached_property
    def db(self):
        """The stack's database, opened once (a connection of a pool already dropped would be
        collected open)."""
        from judge.storage import Database

        return Database(self.settings.database)

    def add_user(self, name: str) -> str:
        from judge.users import add_user

        return add_user(self.db, name)[1]

    def add_admin(self, name: str) -> str:
        from judge.users import add_user

        return add_user(self.db, name, admin=True)[1]

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


#: Each user's runs of the examples per minute on the stack.
EXAMPLE_RUNS_PER_MINUTE = 3


@pytest.fixture(scope="session", params=["sqlite"])
def stack(request, tmp_path_factory, redis_server, runner_image) -> Stack:
    """The API and a real worker on SQLite; a test that wants both databases says
    ``@pytest.mark.parametrize("stack", ["sqlite", "postgresql"], indirect=True)``: the
    PostgreSQL stack has its own worker, database and Redis database (a task of one stack must
    never reach the other's worker)."""
    from werkzeug.serving import make_server

    from api import create_app

    data = tmp_path_factory.mktemp(f"stack-{request.param}")
    redis_url, database_url = redis_server, ""
    if request.param == "postgresql":
        # Progress events are published on channels that every database of a Redis server
        # shares: another stack needs another server.
        redis_url = request.getfixturevalue("second_redis_server")
        database_url = request.getfixturevalue("postgres_server").new_database()
    env = {
        **os.environ,
        "JUDGE_DATA_DIR": str(data),
        "JUDGE_REDIS_URL": redis_url,
        "JUDGE_DATABASE_URL": database_url,
        "JUDGE_STRAY_SWEEP_S": "3",
        # Every package's solutions go through this stack, and each accepted one's reference
        # after it: a benchmark of three timed runs on three input sets, rather than up to
        # twelve in two seconds; and the reference timed once where its times are kept (three
        # timings' median: tests/test_scoring.py).
        "JUDGE_BENCHMARK_BUDGET_S": "0.3",
        "JUDGE_BENCHMARK_MIN_RUNS": "3",
        "JUDGE_BENCHMARK_MAX_RUNS": "3",
        "JUDGE_REFERENCE_TIMINGS": "1",
    }
    settings = Settings.load(env)
    # The attack suite queues fifty submissions of one user at once: no quotas on this stack
    # (tests/test_quotas.py has its own).
    worker_log = data / "worker.log"
    worker = start_worker(env, worker_log, concurrency=Stack.concurrency)
    # Runs of the examples keep a limit, small enough for a test to reach it
    # (tests/test_example_runs_judged.py).
    quotas = {
        "submissions_per_minute": 0,
        "max_waiting_submissions": 0,
        "example_runs_per_minute": EXAMPLE_RUNS_PER_MINUTE,
    }
    app = create_app(
        {"data_dir": data, "redis_url": redis_url, "database_url": database_url, **quotas}
    )
    wait_for_worker(app.extensions["judge"].celery, worker, worker_log)
    server = make_server("127.0.0.1", free_port(), app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    contract.serving(f"http://127.0.0.1:{server.server_port}")
    yield Stack(f"http://127.0.0.1:{server.server_port}", settings, worker_log, worker.pid)
    server.shutdown()
    stop_worker(worker)


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
def no_sandbox_left_behind(request):
    """After the whole suite, no container carrying the judge's label may remain, but those of
    a live worker that is not the suite's (a stack ``scripts/up`` started beside it): the
    suite's workers are stopped by then, so what they left is a stray, and what this process
    made is its own."""
    yield
    proof = request.config.stash.get(PROOF, None)
    if proof is not None:
        proof.stop()  # cut short (a failure, Ctrl-C): it removes its sandboxes as it ends
    docker = shutil.which("docker")
    if docker is None:
        return
    found = labelled("-a")
    ours = {f"{socket.gethostname()}:{pid}" for pid in process_tree(os.getpid())}
    left = [cid for cid, owner in found if owner in ours or is_stray(owner)]
    if left:
        subprocess.run([docker, "rm", "-f", *left], capture_output=True)
        pytest.fail(f"{len(left)} sandbox containers were left behind")


@pytest.fixture
def served(tmp_path, redis_server):
    """The app on a loopback port (SQLite) and a Redis database no worker reads, for the
    pages' tests in a real browser."""
    from werkzeug.serving import make_server

    from api import create_app

    redis_url = redis_server.rsplit("/", 1)[0] + "/11"
    app = create_app({"data_dir": tmp_path, "redis_url": redis_url})
    server = make_server("127.0.0.1", free_port(), app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield app, f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport={"width": 375, "height": 740})
    page = context.new_page()
    page.problems = []  # console errors: a script or style the CSP refused is one
    page.on("console", lambda m: m.type == "error" and page.problems.append(m.text))
    page.on("pageerror", lambda e: page.problems.append(str(e)))
    yield page
    context.close()
