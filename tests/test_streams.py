"""What an event stream holds, it gives back (issue 27): a slot of its API process and a Redis
connection subscribed to its submission's channel. A HEAD request takes neither; a response the
server closes before it read a chunk (its client gone) gives both back. Otherwise a client's
few HEADs would leave its address, or everyone behind a proxy, no live stream until a restart.
"""

from __future__ import annotations

import contextlib
import json
import re
import threading
from collections.abc import Iterator, Mapping

import pytest
import redis
import requests
from werkzeug.serving import make_server
from werkzeug.test import EnvironBuilder

from api import create_app
from api.events import MIMETYPE
from api.openapi import document
from harness.processes import free_port, wait_for
from judge.example_runs import create_run
from judge.submissions import create_submission
from judge.users import add_user
from tests import contract
from tests.conftest import _redis_server
from workers.queue import events_channel, example_run_channel

pytestmark = [pytest.mark.services]

PER_CLIENT = 2
CLIENT = "203.0.113.7"


def stream_routes() -> set[str]:
    """The routes whose answer is an event stream, as the API's document lists them (which
    names every route the app serves: tests/test_openapi.py)."""
    return {
        path
        for path, operations in document()["paths"].items()
        for operation in operations.values()
        for answer in operation["responses"].values()
        if MIMETYPE in answer.get("content", {})
    }


@pytest.fixture
def own_redis(tmp_path_factory):
    """A Redis server of each test's own: channels are server-wide, and every test's first
    submission is number 1, so what listens on its channel here is this test's doing alone."""
    yield from _redis_server(tmp_path_factory)


@pytest.fixture
def api(own_redis, tmp_path):
    """The app, with a queued submission, and one process's stream caps small enough to reach."""
    app = create_app(
        {
            "data_dir": tmp_path,
            "redis_url": own_redis,
            "max_event_streams": 2 * PER_CLIENT,
            "max_event_streams_per_client": PER_CLIENT,
        }
    )
    db = app.extensions["judge"].db
    submission = create_submission(db, add_user(db, "watcher")[0], "matmul", "x = 1")
    return app, submission.id


def subscribers(redis_url: str, channel: str) -> int:
    """How many Redis connections listen on the pub/sub ``channel``."""
    return dict(redis.Redis.from_url(redis_url).pubsub_numsub(channel))[channel.encode()]


@pytest.mark.parametrize("route", sorted(stream_routes()))
def test_head_on_every_stream_route_takes_no_stream(api, own_redis, route):
    """More HEADs than one client's share, through the real server: each answers the stream's
    headers (or the GET's 404), and the client's streams open after them; a HEAD is answered
    while they fill its share, as it takes no slot. A submission's stream is public; an example
    run's, its owner's (with their token)."""
    app, submission_id = api
    db = app.extensions["judge"].db
    runner, token = add_user(db, "runner")
    run_id = create_run(db, runner, "matmul", "x = 1")
    server = make_server("127.0.0.1", free_port(), app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_port}"
    contract.serving(url)
    values = {"submission_id": submission_id, "run_id": run_id}
    first_events = {
        "submission_id": ({"id": submission_id, "status": "queued", "queue_position": 1}, {}),
        "run_id": ({"id": run_id, "status": "queued"}, {"Authorization": f"Bearer {token}"}),
    }
    channels = {
        "submission_id": events_channel(submission_id),
        "run_id": example_run_channel(run_id),
    }
    try:
        names = set(re.findall(r"\{(\w+)\}", route))
        assert names <= values.keys(), f"{route}: give this test a value for {names}"
        (name,) = names
        first, headers = first_events[name]
        unknown = route.format_map(dict.fromkeys(names, 999999))
        assert requests.head(url + unknown, headers=headers).status_code == 404
        target = url + route.format_map(values)
        heads = [requests.head(target, headers=headers, timeout=30) for _ in range(PER_CLIENT + 1)]
        assert [h.status_code for h in heads] == [200] * (PER_CLIENT + 1), route
        assert not heads[0].content
        assert subscribers(own_redis, channels[name]) == 0, "a HEAD holds no connection"
        firsts = read_streams(target, heads[0].headers, own_redis, headers, channels[name])
        assert firsts == [first] * 2
    finally:
        server.shutdown()


def test_the_document_lists_both_event_streams():
    assert stream_routes() == {
        "/api/v1/submissions/{submission_id}/events",
        "/api/v1/example-runs/{run_id}/events",
    }


def read_streams(
    url: str, head: Mapping[str, str], redis_url: str, headers: dict[str, str], channel: str
) -> list[dict]:
    """The first event of each of a client's share of streams, open at once, with a HEAD sent
    while they are; then the verdict ends them, and they give back their connections."""
    with contextlib.ExitStack() as opened:
        streams = [
            opened.enter_context(requests.get(url, headers=headers, stream=True, timeout=30))
            for _ in range(PER_CLIENT)
        ]
        assert [s.status_code for s in streams] == [200] * PER_CLIENT
        for stream in streams:
            for name in ("Content-Type", "Cache-Control", "X-Accel-Buffering", "Content-Length"):
                assert stream.headers.get(name) == head.get(name), f"HEAD and GET differ: {name}"
        events = [data_events(stream) for stream in streams]
        firsts = [next(e) for e in events]
        full = requests.get(url, headers=headers, timeout=30)
        assert full.status_code == 503, "the client's share is full"
        assert requests.head(url, headers=headers, timeout=30).status_code == 200, "no slot"
        final = json.dumps({"id": firsts[0]["id"], "status": "accepted", "final": True})
        redis.Redis.from_url(redis_url).publish(channel, final)
        assert all(next(e)["final"] for e in events)
    wait_for(lambda: subscribers(redis_url, channel) == 0, 10, "the streams' connections")
    return firsts


def data_events(stream: requests.Response) -> Iterator[dict]:
    """A stream's events, without its keep-alive comments."""
    for line in stream.iter_lines(decode_unicode=True):
        if line.startswith("data: "):
            yield json.loads(line.removeprefix("data: "))


def test_a_stream_closed_before_its_first_chunk_gives_back_what_it_held(api, own_redis):
    """The app called as a WSGI server calls it, for a client that went away before the first
    chunk: the server closes the response without reading it. Once more than the client's
    share, then its next stream still opens."""
    app, submission_id = api
    path = f"/api/v1/submissions/{submission_id}/events"

    def open_stream():
        environ = EnvironBuilder(path=path, environ_base={"REMOTE_ADDR": CLIENT}).get_environ()
        statuses: list[str] = []
        body = app(environ, lambda status, headers, exc_info=None: statuses.append(status))
        return statuses[0], body

    for _ in range(PER_CLIENT + 1):
        status, body = open_stream()
        assert status.startswith("200")
        body.close()
    assert subscribers(own_redis, events_channel(submission_id)) == 0
    status, body = open_stream()
    try:
        assert status.startswith("200"), "the client's slots were given back"
        first = next(iter(body)).decode()
        assert json.loads(first.removeprefix("data: "))["status"] == "queued"
    finally:
        body.close()
    assert subscribers(own_redis, events_channel(submission_id)) == 0
