"""The browser's workspace on the server: drafts over the API (a token) and over the pages (the
session cookie, with the CSRF token in a header for what changes something), and submitting
from a challenge page through the API's own path (its checks, quotas and errors). The real app
with a real Redis and SQLite; every route walked as anonymous, as the owner and as another
user."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from api import create_app
from judge.storage import Draft, Submission
from judge.users import add_user

pytestmark = pytest.mark.services

SOURCE = "import numpy as np\n\n\ndef matrix_multiplication(A, B):\n    return A @ B  # ada's\n"
API_DRAFT = "/api/v1/challenges/matmul/draft"
PAGE_DRAFT = "/challenges/matmul/draft"
PAGE_SUBMIT = "/challenges/matmul/submissions"


@pytest.fixture
def app(tmp_path, redis_server):
    # Its own Redis database: what it queues is no task for the suite's workers.
    redis_url = redis_server.rsplit("/", 1)[0] + "/10"
    return create_app(
        {
            "data_dir": tmp_path,
            "redis_url": redis_url,
            "submissions_per_minute": 2,
            "max_waiting_submissions": 0,
        }
    )


@pytest.fixture
def tokens(app) -> dict[str, str]:
    db = app.extensions["judge"].db
    return {name: add_user(db, name)[1] for name in ("ada", "bob")}


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def logged_in(app, token: str):
    """A browser logged in to the pages with ``token``, and the CSRF token its pages carry."""
    client = app.test_client()
    form = client.get("/login").text
    csrf = re.search(r'name="csrf" value="([^"]+)"', form).group(1)
    answer = client.post("/login", data={"token": token, "csrf": csrf})
    assert answer.status_code == 303, answer.text
    page = client.get("/challenges/matmul").text  # the log-out form carries the session's
    return client, re.search(r'name="csrf" value="([^"]+)"', page).group(1)


def stored(app, model) -> int:
    with app.extensions["judge"].db.session() as session:
        return session.scalar(select(func.count()).select_from(model))


def test_a_draft_round_trips_through_the_api_and_the_pages(app, tokens):
    api = app.test_client()
    none = api.get(API_DRAFT, headers=bearer(tokens["ada"]))
    assert none.status_code == 404 and "no draft of 'matmul'" in none.json["error"]
    saved = api.put(API_DRAFT, json={"source": SOURCE}, headers=bearer(tokens["ada"]))
    assert saved.status_code == 200, saved.json
    read = api.get(API_DRAFT, headers=bearer(tokens["ada"])).json
    assert read == {"source": SOURCE, "updated_at": saved.json["updated_at"]}

    browser, csrf = logged_in(app, tokens["ada"])
    assert browser.get(PAGE_DRAFT).json == read, "the page finds what the API saved"
    edited = SOURCE.replace("A @ B", "np.dot(A, B)") + "# é ✓\n"
    again = browser.put(PAGE_DRAFT, json={"source": edited}, headers={"X-CSRF-Token": csrf})
    assert again.status_code == 200 and again.json["updated_at"] >= saved.json["updated_at"]
    assert api.get(API_DRAFT, headers=bearer(tokens["ada"])).json["source"] == edited
    assert stored(app, Draft) == 1, "one draft per user and challenge"


def test_another_user_never_sees_ones_draft(app, tokens):
    api = app.test_client()
    api.put(API_DRAFT, json={"source": SOURCE}, headers=bearer(tokens["ada"]))
    theirs = api.get(API_DRAFT, headers=bearer(tokens["bob"]))
    assert theirs.status_code == 404 and "ada's" not in theirs.text
    browser, csrf = logged_in(app, tokens["bob"])
    assert browser.get(PAGE_DRAFT).status_code == 204  # none yet: the page shows the starter
    browser.put(PAGE_DRAFT, json={"source": "bob's own\n"}, headers={"X-CSRF-Token": csrf})
    assert browser.get(PAGE_DRAFT).json["source"] == "bob's own\n"
    assert api.get(API_DRAFT, headers=bearer(tokens["ada"])).json["source"] == SOURCE


def test_a_change_without_the_sessions_csrf_token_is_refused(app, tokens):
    browser, csrf = logged_in(app, tokens["ada"])
    _, others = logged_in(app, tokens["ada"])  # the same user's other session
    for headers in ({}, {"X-CSRF-Token": ""}, {"X-CSRF-Token": "wrong"}, {"X-CSRF-Token": others}):
        for path in (PAGE_DRAFT, PAGE_SUBMIT):
            method = browser.put if path == PAGE_DRAFT else browser.post
            refused = method(path, json={"source": SOURCE}, headers=headers)
            assert refused.status_code == 403, (path, headers)
            assert "X-CSRF-Token" in refused.json["error"]
    assert (stored(app, Draft), stored(app, Submission)) == (0, 0)
    fresh = app.test_client()  # logged in, and no page seen since: its session has no token
    form = fresh.get("/login").text
    login = re.search(r'name="csrf" value="([^"]+)"', form).group(1)
    assert fresh.post("/login", data={"token": tokens["ada"], "csrf": login}).status_code == 303
    for headers in ({}, {"X-CSRF-Token": ""}, {"X-CSRF-Token": login}):
        refused = fresh.put(PAGE_DRAFT, json={"source": SOURCE}, headers=headers)
        assert refused.status_code == 403, headers
    odd = browser.put(PAGE_DRAFT, json={"source": SOURCE}, headers={"X-CSRF-Token": "é"})
    assert odd.status_code == 403
    ok = browser.put(PAGE_DRAFT, json={"source": SOURCE}, headers={"X-CSRF-Token": csrf})
    assert ok.status_code == 200


def test_anonymous_callers_are_told_to_log_in(app, tokens):
    client = app.test_client()
    for method, path in (("GET", API_DRAFT), ("PUT", API_DRAFT)):
        for headers in ({}, {"Authorization": "Bearer wrong"}):
            answer = client.open(path, method=method, json={"source": SOURCE}, headers=headers)
            assert answer.status_code == 401 and "token" in answer.json["error"]
    for method, path in (("GET", PAGE_DRAFT), ("PUT", PAGE_DRAFT), ("POST", PAGE_SUBMIT)):
        # A bearer token is no session: the pages' routes read only the cookie.
        for headers in ({}, bearer(tokens["ada"])):
            answer = client.open(path, method=method, json={"source": SOURCE}, headers=headers)
            assert answer.status_code == 401 and "log in at /login" in answer.json["error"]
    assert (stored(app, Draft), stored(app, Submission)) == (0, 0)


def test_oversize_malformed_and_unknown_are_refused_as_json(app, tokens):
    api = app.test_client()
    browser, csrf = logged_in(app, tokens["ada"])
    limit = app.extensions["judge"].settings.max_source_bytes
    senders = {
        "api": lambda path, **kw: api.put(path, headers=bearer(tokens["ada"]), **kw),
        "page": lambda path, **kw: browser.put(path, headers={"X-CSRF-Token": csrf}, **kw),
    }
    for kind, put in senders.items():
        path = API_DRAFT if kind == "api" else PAGE_DRAFT
        cases = [
            ({"json": {"source": "#" * (limit + 1)}}, 413, "limit"),
            ({"data": b"x" * (limit * 8)}, 413, "over"),
            ({"data": "{not json"}, 400, "JSON"),
            ({"json": ["source"]}, 400, "object"),
            ({"json": {"code": SOURCE}}, 400, "source"),
            ({"json": {"source": 42}}, 400, "string"),
            ({"json": {"source": "x\x00"}}, 400, "NUL"),
        ]
        for body, status, words in cases:
            answer = put(path, **body)
            assert answer.status_code == status, (kind, body, answer.text)
            assert words in answer.json["error"], (kind, body)
        unknown = put(path.replace("matmul", "no-such-thing"), json={"source": SOURCE})
        assert unknown.status_code == 404 and "no-such-thing" in unknown.json["error"]
    for method in ("DELETE", "PATCH"):  # a method no route has: JSON too, for the script
        wrong = browser.open(PAGE_DRAFT, method=method, headers={"X-CSRF-Token": csrf})
        assert wrong.status_code == 405 and "error" in wrong.json
    big = browser.post(
        PAGE_SUBMIT, json={"source": "#" * (limit + 1)}, headers={"X-CSRF-Token": csrf}
    )
    assert big.status_code == 413 and "limit" in big.json["error"]
    assert (stored(app, Draft), stored(app, Submission)) == (0, 0)


def test_a_submission_from_the_page_is_the_users_in_the_api(app, tokens):
    browser, csrf = logged_in(app, tokens["ada"])
    sent = browser.post(PAGE_SUBMIT, json={"source": SOURCE}, headers={"X-CSRF-Token": csrf})
    assert sent.status_code == 202, sent.json
    assert sent.json["url"] == f"/submissions/{sent.json['id']}" == sent.headers["Location"]
    api = app.test_client()
    mine = api.get("/api/v1/submissions", headers=bearer(tokens["ada"])).json["submissions"]
    assert [s["id"] for s in mine] == [sent.json["id"]]
    shown = api.get(f"/api/v1/submissions/{sent.json['id']}", headers=bearer(tokens["ada"])).json
    assert (shown["user"], shown["challenge"], shown["source"]) == ("ada", "matmul", SOURCE)
    assert shown["status"] == "queued"
    assert api.get("/api/v1/submissions", headers=bearer(tokens["bob"])).json["submissions"] == []
    page = browser.get(sent.json["url"])
    assert page.status_code == 200 and "ada&#39;s" in page.text, "its page, with its source"
    unknown = browser.post(
        "/challenges/no-such-thing/submissions",
        json={"source": SOURCE},
        headers={"X-CSRF-Token": csrf},
    )
    assert unknown.status_code == 404 and "no-such-thing" in unknown.json["error"]


def test_the_page_and_the_api_share_one_quota_and_its_refusal(app, tokens):
    browser, csrf = logged_in(app, tokens["ada"])
    api = app.test_client()
    body = {"challenge": "matmul", "source": SOURCE}
    assert (
        api.post("/api/v1/submissions", json=body, headers=bearer(tokens["ada"])).status_code == 202
    )
    page = {"json": {"source": SOURCE}, "headers": {"X-CSRF-Token": csrf}}
    assert browser.post(PAGE_SUBMIT, **page).status_code == 202
    refused = browser.post(PAGE_SUBMIT, **page)
    assert refused.status_code == 429 and refused.is_json
    assert "the most is 2: try again in" in refused.json["error"]
    assert int(refused.headers["Retry-After"]) > 0
    again = api.post("/api/v1/submissions", json=body, headers=bearer(tokens["ada"]))
    assert again.status_code == 429 and again.json == refused.json
    assert stored(app, Submission) == 2


ROUTES = [
    ("GET", API_DRAFT),
    ("PUT", API_DRAFT),
    ("GET", PAGE_DRAFT),
    ("PUT", PAGE_DRAFT),
    ("POST", PAGE_SUBMIT),
]
#: Each caller's answer on each route in turn, the owner's draft saved before: anonymous is told
#: to log in; another user has no draft until they save their own (which then is theirs), and
#: submits as themselves; the owner reads theirs, saves and submits.
EXPECTED = {
    "anonymous": [401, 401, 401, 401, 401],
    "other": [404, 200, 200, 200, 202],
    "owner": [200, 200, 200, 200, 202],
}


def test_every_route_as_anonymous_the_owner_and_another_user(app, tokens):
    owner_source = SOURCE + "# the owner's draft\n"
    app.test_client().put(API_DRAFT, json={"source": owner_source}, headers=bearer(tokens["ada"]))
    callers = {
        "anonymous": (app.test_client(), "", {}),
        "other": (*logged_in(app, tokens["bob"]), bearer(tokens["bob"])),
        "owner": (*logged_in(app, tokens["ada"]), bearer(tokens["ada"])),
    }
    for kind, (client, csrf, auth) in callers.items():
        answers = []
        for (method, path), status in zip(ROUTES, EXPECTED[kind], strict=True):
            headers = auth if path.startswith("/api/") else {"X-CSRF-Token": csrf}
            body = {"json": {"source": f"{kind}'s\n"}} if method != "GET" else {}
            answer = client.open(path, method=method, headers=headers, **body)
            assert answer.status_code == status, (kind, method, path, answer.text)
            assert answer.is_json, (kind, method, path)
            answers.append(answer)
        seen = "".join(answer.text for answer in answers)
        assert ("the owner's draft" in seen) == (kind == "owner"), kind
        if kind == "other":
            assert answers[2].json["source"] == "other's\n", "what they saved is theirs"
    db = app.extensions["judge"].db
    with db.session() as session:
        made = session.scalars(select(Submission).order_by(Submission.id)).all()
        assert [(s.user.name, s.source) for s in made] == [
            ("bob", "other's\n"),
            ("ada", "owner's\n"),
        ]
