"""The API behind a reverse proxy (deploy/README.md): the per-client cap on event streams counts
each client by the address its proxy saw only when told to trust that proxy
(``JUDGE_TRUSTED_PROXIES``), and a client cannot forge its way out of its share."""

from __future__ import annotations

import pytest

from api import create_app
from judge.submissions import create_submission
from judge.users import add_user

pytestmark = [pytest.mark.services]

PROXY = "10.0.0.2"


def streams(redis_server, tmp_path, trusted_proxies: int):
    app = create_app(
        {
            "data_dir": tmp_path,
            "redis_url": redis_server,
            "max_event_streams": 4,
            "max_event_streams_per_client": 1,
            "trusted_proxies": trusted_proxies,
        }
    )
    db = app.extensions["judge"].db
    submission = create_submission(db, add_user(db, "watcher")[0], "matmul", "x = 1")
    client, opened = app.test_client(), []

    def through_the_proxy(forwarded_for: str) -> int:
        """A stream asked for through the proxy, which appends its client's address."""
        response = client.get(
            f"/api/v1/submissions/{submission.id}/events",
            buffered=False,
            environ_base={"REMOTE_ADDR": PROXY},
            headers={"X-Forwarded-For": forwarded_for, "X-Forwarded-Proto": "https"},
        )
        opened.append(response)
        return response.status_code

    return through_the_proxy, opened


def test_without_trust_every_client_behind_the_proxy_is_the_proxy(redis_server, tmp_path):
    stream, opened = streams(redis_server, tmp_path, trusted_proxies=0)
    assert stream("203.0.113.7") == 200
    assert stream("198.51.100.1") == 503, "another client, but the same (proxy's) address"
    for response in opened:
        response.close()


def test_a_trusted_proxy_gives_each_client_its_own_share(redis_server, tmp_path):
    stream, opened = streams(redis_server, tmp_path, trusted_proxies=1)
    assert stream("203.0.113.7") == 200
    assert stream("198.51.100.1") == 200, "a client of its own"
    assert stream("203.0.113.7") == 503, "the first one's share is taken"
    # The client wrote a header of its own; the proxy appended the address it saw last.
    assert stream("192.0.2.99, 203.0.113.7") == 503, "a forged entry is not believed"
    for response in opened:
        response.close()
