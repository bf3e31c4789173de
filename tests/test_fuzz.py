"""The live API fuzzed from its own OpenAPI document (schemathesis): requests that fit the
document and requests that break it, without a token, with a user's, an admin's and a wrong one.
Whatever comes, the API answers no 5xx, every error is JSON with an ``error`` string, and every
answer is one the document lists, with a body its schema allows.

The API runs under real gunicorn, started as operators start it (``judge serve``), with its own
data folder and Redis database and no worker: what the fuzzer submits is stored and stays
queued, and no sandbox is ever started.
"""

from __future__ import annotations

import dataclasses
import json
import os
import subprocess
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
import redis
import requests
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from api.openapi import document
from judge.config import REPO_ROOT, Settings
from judge.storage import Database
from judge.users import add_user
from tests import contract
from tests.conftest import free_port, stop_worker
from workers.queue import events_channel, example_run_channel

# waits: its CPU is half idle, so it runs beside the packages' proof (conftest.py).
pytestmark = [pytest.mark.services, pytest.mark.waits]

# Per route and kind of caller; four kinds of caller: 100 requests per route, the same ones every
# run (derandomized). A hundred each took the suite three minutes of its 25, forty each a minute
# and a half; JUDGE_FUZZ_EXAMPLES=1000 digs deeper, by hand.
EXAMPLES = int(os.environ.get("JUDGE_FUZZ_EXAMPLES", "25"))
START_S = 30
# A stream of a queued submission, or example run, lasts until its verdict, which never comes
# here: the fuzzer's streams would hold every slot of its address (503 after two).
SKIPPED = {"submission_events", "example_run_events"}

schema = schemathesis.openapi.from_dict(document()).exclude(operation_id=list(SKIPPED))
#: Of each route: how many answers of each status the fuzzer got.
SENT: defaultdict[str, Counter[int]] = defaultdict(Counter)


@dataclasses.dataclass
class LiveApi:
    url: str
    redis_url: str
    tokens: dict[str, str]  # kind of caller: its token


@pytest.fixture(scope="module")
def live_api(tmp_path_factory, redis_server) -> Iterator[LiveApi]:
    data = tmp_path_factory.mktemp("fuzz")
    # Its own Redis database: what it queues is no task for the suite's other workers.
    redis_url = redis_server.rsplit("/", 1)[0] + "/9"
    env = {**os.environ, "JUDGE_DATA_DIR": str(data), "JUDGE_REDIS_URL": redis_url}
    port, log_path = free_port(), data / "api.log"
    with log_path.open("wb") as log:
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "judge.cli",
                "serve",
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
            ],
            env=env,
            cwd=REPO_ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(url, server, log_path)
        db = Database(Settings.load(env).database)
        tokens = {
            "user": add_user(db, "fuzz-user")[1],
            "admin": add_user(db, "fuzz-admin", admin=True)[1],
        }
        contract.serving(url)
        yield LiveApi(url, redis_url, tokens)
    finally:
        stop_worker(server)  # a warm shutdown, else a kill: the same for gunicorn
        redis.Redis.from_url(redis_url).flushdb()
    assert b"Traceback" not in log_path.read_bytes(), log_path.read_text()[-3000:]


def wait_until_up(url: str, server: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + START_S
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"the API exited:\n{log.read_text()[-3000:]}")
        try:
            if requests.get(f"{url}/healthz", timeout=5).ok:
                return
        except requests.RequestException:
            time.sleep(0.1)
    pytest.fail(f"the API did not answer within {START_S} s:\n{log.read_text()[-3000:]}")


def error_is_json(ctx, response, case) -> None:
    """Every 4xx and 5xx is a JSON object with an ``error`` string."""
    if response.status_code < 400:
        return
    try:
        body = response.json()
    except ValueError:
        raise AssertionError(
            f"{response.status_code} is not JSON: {response.text[:300]!r}"
        ) from None
    assert isinstance(body, dict) and isinstance(body.get("error"), str), body


CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]


@pytest.mark.parametrize("caller", ["anonymous", "user", "admin", "wrong"])
@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
    database=None,
)
def test_the_api_keeps_its_contract(case, caller, live_api):
    """``wrong``: the fuzzer's own token where it made one (any text), else a plain wrong one."""
    headers = dict(case.headers or {})
    made = headers.pop("Authorization", None)
    if caller == "wrong":
        headers["Authorization"] = made or "Bearer not-a-token"
    elif caller != "anonymous":
        headers["Authorization"] = f"Bearer {live_api.tokens[caller]}"
    case.headers = headers
    response = case.call_and_validate(
        base_url=live_api.url, checks=CHECKS, additional_checks=[error_is_json]
    )
    SENT[case.operation.label][response.status_code] += 1


# ---------------------------------------------------------------- what a schema cannot say
# A JSON Schema describes valid values; these reach the parsers with what no schema generates:
# bodies nested past any recursion limit, text that is not JSON, and "digits" that int() refuses.

DEPTHS = st.sampled_from([10, 999, 1_000, 5_000, 100_000]) | st.integers(1, 200_000)
NESTED = DEPTHS.flatmap(
    lambda n: st.sampled_from(["[" * n + "]" * n, '{"a":' * n + "1" + "}" * n, "[" * n])
)
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=20,
)
BODIES = (
    NESTED.map(str.encode)
    | JSON_VALUES.map(lambda v: json.dumps(v).encode())
    | st.fixed_dictionaries(
        {"challenge": st.text(max_size=20), "source": st.text(max_size=50)}
    ).map(lambda v: json.dumps(v, ensure_ascii=False).encode("utf-8", "surrogatepass"))
    | st.binary(max_size=300)
)
CONTENT_TYPES = st.sampled_from(
    ["application/json", "text/plain", "", "application/json; charset=latin-1"]
)
# Unicode's digits and numbers, which str.isdigit() may take and int() may refuse.
NUMERALS = st.text(st.characters(categories=["Nd", "No", "Nl"]), min_size=1, max_size=4)
NUMBERS = NUMERALS | st.integers(-1_000, 10_000).map(str) | st.text(max_size=8)
# Never empty: werkzeug answers a path with "//" by a redirect to the path without it.
SEGMENTS = NUMERALS | st.integers(-1_000, 10**30).map(str) | st.text(min_size=1, max_size=10)
HOSTILE = settings(
    max_examples=400,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)


def answered(response: requests.Response, label: str) -> None:
    """No 5xx, and an error is JSON with an ``error`` string (the contract's check runs too)."""
    SENT[label][response.status_code] += 1
    assert response.status_code < 500, f"{label}: {response.status_code} {response.text[:300]}"
    if response.status_code >= 400:
        assert isinstance(response.json().get("error"), str), response.text[:300]


@pytest.mark.parametrize("caller", ["anonymous", "user", "wrong"])
def test_any_body_is_a_json_answer(live_api, caller):
    headers = (
        {}
        if caller == "anonymous"
        else {"Authorization": f"Bearer {live_api.tokens.get(caller, 'x')}"}
    )

    @HOSTILE
    @given(body=BODIES, content_type=CONTENT_TYPES)
    def post(body: bytes, content_type: str) -> None:
        sent = {**headers, "Content-Type": content_type} if content_type else headers
        response = requests.post(
            f"{live_api.url}/api/v1/submissions", data=body, headers=sent, timeout=30
        )
        answered(response, "POST /api/v1/submissions (any body)")

    post()


def test_any_query_and_path_is_a_json_answer(live_api):
    auth = {"Authorization": f"Bearer {live_api.tokens['user']}"}

    @HOSTILE
    @given(limit=NUMBERS, challenge=st.text(max_size=10), segment=SEGMENTS)
    def get(limit: str, challenge: str, segment: str) -> None:
        query = {"limit": limit, "challenge": challenge}
        mine = requests.get(
            f"{live_api.url}/api/v1/submissions", params=query, headers=auth, timeout=30
        )
        answered(mine, "GET /api/v1/submissions (any query)")
        for template in ("/api/v1/submissions/{}", "/api/v1/challenges/{}/leaderboard"):
            path = template.format(quote(segment, safe=""))
            response = requests.get(f"{live_api.url}{path}", headers=auth, timeout=30)
            answered(response, f"GET {template} (any path)")

    get()


def test_the_event_stream_keeps_its_contract(live_api):
    """The one route the fuzzer leaves out (a queued submission's stream lasts until a verdict
    that never comes here): its first event, its 404 and its 401."""
    admin = {"Authorization": f"Bearer {live_api.tokens['admin']}"}
    source = "def matrix_multiplication(A, B):\n    return A @ B\n"
    body = {"challenge": "matmul", "source": source}
    queued = requests.post(
        f"{live_api.url}/api/v1/submissions", json=body, headers=admin, timeout=30
    )
    assert queued.status_code == 202, queued.text
    path = f"{live_api.url}/api/v1/submissions/{queued.json()['id']}/events"
    with requests.get(path, stream=True, timeout=30) as stream:
        assert stream.status_code == 200
        first = next(line for line in stream.iter_lines() if line)
        # The verdict no worker will give: the stream ends, and the server's thread with it.
        channel = events_channel(queued.json()["id"])
        redis.Redis.from_url(live_api.redis_url).publish(channel, json.dumps({"final": True}))
    assert json.loads(first.removeprefix(b"data: "))["status"] == "queued"
    assert (
        requests.get(f"{live_api.url}/api/v1/submissions/999999/events", timeout=30).status_code
        == 404
    )
    wrong = requests.get(path, headers={"Authorization": "Bearer nope"}, timeout=30)
    assert wrong.status_code == 401 and wrong.json()["error"]


@pytest.fixture(scope="module", autouse=True)
def report_counts():
    yield
    for label, statuses in SENT.items():
        print(f"\n{sum(statuses.values()):5} {label}: {dict(sorted(statuses.items()))}", end="")


def test_the_example_run_stream_keeps_its_contract(live_api):
    """The other route the fuzzer leaves out, for the same reason: its first event, its 404 for
    anyone but the run's owner, and its 401."""
    # The admin's: the fuzzer has spent the user's example runs of this minute (429).
    owner = {"Authorization": f"Bearer {live_api.tokens['admin']}"}
    source = "def matrix_multiplication(A, B):\n    return A @ B\n"
    queued = requests.post(
        f"{live_api.url}/api/v1/challenges/matmul/examples",
        json={"source": source},
        headers=owner,
        timeout=30,
    )
    assert queued.status_code == 202, queued.text
    run = queued.json()["id"]
    path = f"{live_api.url}/api/v1/example-runs/{run}/events"
    with requests.get(path, headers=owner, stream=True, timeout=30) as stream:
        assert stream.status_code == 200
        first = next(line for line in stream.iter_lines() if line)
        channel = example_run_channel(run)
        redis.Redis.from_url(live_api.redis_url).publish(channel, json.dumps({"final": True}))
    assert json.loads(first.removeprefix(b"data: "))["status"] == "queued"
    other = {"Authorization": f"Bearer {live_api.tokens['user']}"}
    assert requests.get(path, headers=other, timeout=30).status_code == 404
    wrong = requests.get(path, headers={"Authorization": "Bearer nope"}, timeout=30)
    assert wrong.status_code == 401 and wrong.json()["error"]
