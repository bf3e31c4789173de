"""The operator's API for assessments, on SQLite and on PostgreSQL through the real app: making
one (with its fields read strictly), inviting candidates (the code shown once, only its hash
kept, and it opens the candidate), revoking, the report as JSON and CSV, the webhook's
deliveries; and every route refused to anyone without a token (401) and to a non-admin (403)."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import hmac
import io

import pytest
from sqlalchemy import select

from api import create_app
from judge import assessment_clock, assessments
from judge.assessment_clock import settle
from judge.assessments import AssessmentError
from judge.candidates import redeem
from judge.case_grading import CaseResult
from judge.grading import Judgement
from judge.storage import Assessment, Candidate, User, WebhookDelivery
from judge.submissions import create_submission, record
from judge.users import add_user
from judge.verdicts import Verdict

BASE = "/api/v1/assessments"
ASSESSMENT = {"title": "ML engineer, round 1", "challenges": ["matmul", "softmax"]}


@pytest.fixture
def app(tmp_path, database_url):
    return create_app({"data_dir": tmp_path, "database_url": database_url})


@pytest.fixture
def db(app):
    return app.extensions["judge"].db


@pytest.fixture
def admin(app, db):
    """An admin's client: every request carries the admin's token."""
    _, token = add_user(db, "olga", admin=True)
    client = app.test_client()
    client.environ_base["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    return client


def made(admin, **fields) -> dict:
    duration = {} if "duration_s" in fields else {"duration_minutes": 90}
    answer = admin.post(BASE, json={**ASSESSMENT, **duration, **fields})
    assert answer.status_code == 201, answer.json
    return answer.json


def invited(admin, assessment_id: int, name: str = "Ada", **fields) -> dict:
    answer = admin.post(f"{BASE}/{assessment_id}/candidates", json={"name": name, **fields})
    assert answer.status_code == 201, answer.json
    return answer.json


def count(db, model) -> int:
    with db.session() as session:
        return len(session.scalars(select(model)).all())


def test_an_operator_makes_an_assessment_and_reads_it_back(app, admin):
    answer = made(
        admin,
        duration_minutes=1.5,
        opens_at="2030-01-02T09:00",
        closes_at="2030-01-09T18:00:00+02:00",
        intro="Two problems; NumPy only.",
        feedback="verdicts",
        webhook_url="https://hooks.example/judge",
    )
    number = answer["id"]
    assert answer["challenges"] == ["matmul", "softmax"], "in the order given"
    assert answer["duration_s"] == 90
    assert answer["opens_at"] == "2030-01-02T09:00:00+00:00", "a time without offset is UTC"
    assert answer["closes_at"] == "2030-01-09T16:00:00+00:00"
    assert answer["feedback"] == "verdicts" and answer["intro"] == "Two problems; NumPy only."
    assert answer["url"] == f"{BASE}/{number}/report"
    key = app.extensions["judge"].settings.secret_key
    expected = hmac.new(key, b"judge webhook %d" % number, hashlib.sha256).hexdigest()
    assert answer["webhook_secret"] == expected == assessments.webhook_secret(key, number)

    shown = admin.get(f"{BASE}/{number}")
    assert shown.status_code == 200
    assert shown.json == {**answer, "candidates": []}, "the secret is derived: the same again"

    plain = made(admin, duration_s=600)
    assert "webhook_secret" not in plain and plain["webhook_url"] == ""
    assert plain["feedback"] == "full" and plain["duration_s"] == 600
    listed = admin.get(BASE).json["assessments"]
    assert [a["id"] for a in listed] == [plain["id"], number], "newest first"
    assert all("webhook_secret" not in a for a in listed)


@pytest.mark.parametrize(
    ("body", "words"),
    [
        ({**ASSESSMENT, "challenges": "matmul", "duration_s": 60}, "'challenges' must be a list"),
        ({**ASSESSMENT, "challenges": ["matmul", 1], "duration_s": 60}, "list of strings"),
        ({**ASSESSMENT, "duration_s": 60, "closes-at": "2030-01-01"}, "unknown field 'closes-at'"),
        ({**ASSESSMENT, "duration_s": "60"}, "'duration_s' must be a whole number"),
        ({**ASSESSMENT, "duration_s": True}, "'duration_s' must be a whole number"),
        ({**ASSESSMENT, "duration_s": 60.5}, "'duration_s' must be a whole number"),
        ({**ASSESSMENT, "duration_minutes": "90"}, "'duration_minutes' must be a number"),
        ({**ASSESSMENT, "duration_minutes": 1e308}, "out of range"),
        ({**ASSESSMENT, "duration_s": 60, "duration_minutes": 1}, "give the duration once"),
        (ASSESSMENT, "give the duration once"),
        ({**ASSESSMENT, "duration_s": 5}, "the duration is 10 s to 7 days"),
        ({"challenges": ["matmul"], "duration_s": 60}, "missing field(s): title"),
        ({**ASSESSMENT, "duration_s": 60, "opens_at": "tomorrow"}, "'opens_at' is not an ISO"),
        ({**ASSESSMENT, "duration_s": 60, "closes_at": "2000-01-01"}, "close after it opens"),
        (
            {**ASSESSMENT, "duration_s": 60, "opens_at": "1999-01-01", "closes_at": "2000-01-01"},
            "close in the future",
        ),
        ({**ASSESSMENT, "duration_s": 60, "opens_at": "9999-12-31T23:00"}, "year 10000"),
        ({**ASSESSMENT, "duration_s": 60, "closes_at": "9999-12-31T23:00-05:00"}, "ISO 8601"),
        ({**ASSESSMENT, "duration_s": 60, "feedback": "all"}, "feedback is one of full"),
        ({**ASSESSMENT, "duration_s": 60, "webhook_url": "ftp://x"}, "http:// or https://"),
        ({**ASSESSMENT, "duration_s": 60, "webhook_url": "http://a/\x00"}, "http:// or https://"),
        ({**ASSESSMENT, "duration_s": 60, "title": "a\x00b"}, "no NUL"),
        ({**ASSESSMENT, "duration_s": 60, "title": " "}, "a title is 1 to 200"),
        ({**ASSESSMENT, "duration_s": 60, "challenges": []}, "at least one challenge"),
        ({**ASSESSMENT, "duration_s": 60, "challenges": ["matmul"] * 2}, "appears twice"),
        (["not", "an", "object"], "must be a JSON object"),
    ],
)
def test_a_malformed_assessment_is_a_400_that_says_what_is_wrong(admin, db, body, words):
    answer = admin.post(BASE, json=body)
    assert answer.status_code == 400, answer.json
    assert words in answer.json["error"]
    assert count(db, Assessment) == 0


def test_what_no_client_should_send_is_refused_too(admin, db):
    surrogate = b'{"title": "\\ud800", "challenges": ["matmul"], "duration_s": 60}'
    for body in (surrogate, b"{not json", b'{"title": "x", "challenges": ["matmul"], '):
        answer = admin.post(BASE, data=body, content_type="application/json")
        assert answer.status_code == 400, (body, answer.json)
    nan = b'{"title": "x", "challenges": ["matmul"], "duration_minutes": NaN}'
    answer = admin.post(BASE, data=nan, content_type="application/json")
    assert answer.status_code == 400 and "must be a number" in answer.json["error"]
    unknown = admin.post(BASE, json={**ASSESSMENT, "challenges": ["nope"], "duration_s": 60})
    assert unknown.status_code == 404 and "no challenge named 'nope'" in unknown.json["error"]
    assert count(db, Assessment) == 0
    nulls = {"opens_at": None, "intro": None, "feedback": None, "webhook_url": None}
    assert admin.post(BASE, json={**ASSESSMENT, "duration_s": 60, **nulls}).status_code == 201


def test_an_invitation_shows_its_code_once_and_keeps_only_its_hash(admin, db):
    number = made(admin)["id"]
    answer = invited(admin, number, "Ada Lovelace", email="ada@example.com")
    code = answer["code"]
    assert answer["name"] == "Ada Lovelace" and answer["email"] == "ada@example.com"
    assert answer["link"] == f"http://localhost/invite#{code}"
    candidate = redeem(db, code)
    assert candidate.id == answer["id"] and candidate.assessment_id == number
    with db.session() as session:
        row = session.get(Candidate, answer["id"])
        assert row.code_hash == hashlib.sha256(code.encode()).hexdigest()
        user = session.get(User, row.user_id)
        assert code not in repr(
            [getattr(row, c.key) for c in Candidate.__table__.columns]
            + [getattr(user, c.key) for c in User.__table__.columns]
        ), "the code itself is stored nowhere"

    shown = admin.get(f"{BASE}/{number}")
    assert code not in shown.text and "code_hash" not in shown.text
    (listed,) = shown.json["candidates"]
    assert listed["name"] == "Ada Lovelace" and listed["state"] == "ready"
    assert listed["opened_at"] is not None, "redeemed above"

    bob = invited(admin, number, "Bob")
    assert bob["email"] == "" and bob["code"] != code


@pytest.mark.parametrize(
    ("body", "status", "words"),
    [
        ({}, 400, "missing field(s): name"),
        ({"name": ["Ada"]}, 400, "'name' must be a string"),
        ({"name": "Ada", "email": "not an address"}, 400, "name@host"),
        ({"name": "Ada", "mail": "a@b"}, 400, "unknown field 'mail'"),
        ({"name": "   "}, 400, "a candidate's name is 1 to 200"),
    ],
)
def test_a_malformed_invitation_is_refused(admin, db, body, status, words):
    number = made(admin)["id"]
    answer = admin.post(f"{BASE}/{number}/candidates", json=body)
    assert answer.status_code == status and words in answer.json["error"]
    assert count(db, Candidate) == 0


def test_no_one_is_invited_to_what_does_not_exist_or_has_closed(admin, db):
    missing = admin.post(f"{BASE}/999/candidates", json={"name": "Ada"})
    assert missing.status_code == 404 and missing.json["error"] == "no assessment 999"
    huge = admin.post(f"{BASE}/{2**70}/candidates", json={"name": "Ada"})
    assert huge.status_code == 404
    number = made(admin)["id"]
    with db.session() as session:
        session.get(Assessment, number).closes_at = dt.datetime(2001, 1, 1)
        session.commit()
    closed = admin.post(f"{BASE}/{number}/candidates", json={"name": "Ada"})
    assert closed.status_code == 400 and "window has closed" in closed.json["error"]


def test_a_link_behind_a_trusted_proxy_has_the_proxy_s_scheme(tmp_path, database_url):
    app = create_app({"data_dir": tmp_path, "database_url": database_url, "trusted_proxies": 1})
    _, token = add_user(app.extensions["judge"].db, "olga", admin=True)
    client = app.test_client()
    headers = {"Authorization": f"Bearer {token}", "X-Forwarded-Proto": "https"}
    number = client.post(BASE, json={**ASSESSMENT, "duration_s": 60}, headers=headers).json["id"]
    answer = client.post(
        f"{BASE}/{number}/candidates",
        json={"name": "Ada"},
        headers=headers,
        base_url="http://judge.example",
    )
    assert answer.json["link"] == f"https://judge.example/invite#{answer.json['code']}"


def test_a_revoked_invitation_no_longer_opens(admin, db):
    number = made(admin)["id"]
    ada = invited(admin, number)
    other = made(admin)["id"]
    path = f"{BASE}/{number}/candidates/{ada['id']}/revoke"
    wrong_place = admin.post(f"{BASE}/{other}/candidates/{ada['id']}/revoke")
    assert wrong_place.status_code == 404, "a candidate is revoked only in their assessment"
    assert redeem(db, ada["code"]).id == ada["id"], "still open"

    answer = admin.post(path)
    assert answer.status_code == 200
    assert answer.json["state"] == "revoked" and answer.json["revoked"] is True
    assert answer.json["id"] == ada["id"] and "code" not in answer.json
    with pytest.raises(AssessmentError, match="not valid") as refused:
        redeem(db, ada["code"])
    assert refused.value.status == 401
    again = admin.post(path)
    assert again.status_code == 200 and again.json == answer.json
    missing = admin.post(f"{BASE}/{number}/candidates/999/revoke")
    assert missing.status_code == 404 and "no candidate 999" in missing.json["error"]


def judged(db, user_id: int, slug: str, verdict: Verdict, score: float | None = None) -> int:
    with db.session() as session:
        user = session.get(User, user_id)
    submission = create_submission(db, user, slug, "def f(): pass\n")
    case = CaseResult("example_1", verdict, "" if verdict is Verdict.ACCEPTED else "off")
    record(db, submission.id, Judgement(verdict, case.message, [case], score=score))
    return submission.id


def test_the_report_as_json_and_as_csv(admin, db):
    number = made(admin)["id"]
    ada, bob = invited(admin, number, "Ada"), invited(admin, number, "=HYPERLINK(1)")
    with db.session() as session:
        ada_user = session.get(Candidate, ada["id"]).user_id
    assessment_clock.start(db, ada["id"])
    judged(db, ada_user, "matmul", Verdict.WRONG_ANSWER)
    best = judged(db, ada_user, "matmul", Verdict.ACCEPTED, score=1.25)

    answer = admin.get(f"{BASE}/{number}/report")
    assert answer.status_code == 200
    data = answer.json
    assert data["assessment"]["id"] == number
    rows = {row["name"]: row for row in data["candidates"]}
    assert rows["Ada"]["state"] == "in_progress" and rows["Ada"]["solved"] == 1
    matmul = rows["Ada"]["challenges"]["matmul"]
    assert matmul["verdict"] == "accepted" and matmul["attempts"] == 2
    assert matmul["submission"] == best and matmul["score"] == 1.25
    assert rows["Ada"]["challenges"]["softmax"]["verdict"] == ""
    assert rows["=HYPERLINK(1)"]["state"] == "ready"
    as_json = admin.get(f"{BASE}/{number}/report?format=json").json
    assert as_json["candidates"][0]["challenges"] == rows["Ada"]["challenges"]

    exported = admin.get(f"{BASE}/{number}/report?format=csv")
    assert exported.status_code == 200
    assert exported.headers["Content-Type"].startswith("text/csv")
    disposition = exported.headers["Content-Disposition"]
    assert disposition == f'attachment; filename="assessment-{number}.csv"'
    table = list(csv.DictReader(io.StringIO(exported.text)))
    assert [row["candidate"] for row in table] == ["Ada", "'=HYPERLINK(1)"], "no formula runs"
    assert table[0]["matmul verdict"] == "accepted" and table[0]["matmul attempts"] == "2"
    assert table[0]["matmul score"] == "1.250" and table[0]["solved"] == "1"
    assert table[1]["state"] == "ready" and table[1]["matmul attempts"] == "0"
    assert bob["code"] not in exported.text

    bad = admin.get(f"{BASE}/{number}/report?format=xml")
    assert bad.status_code == 400 and "json or csv" in bad.json["error"]
    assert admin.get(f"{BASE}/999/report").status_code == 404
    assert admin.get(f"{BASE}/999/report?format=csv").status_code == 404


def test_the_webhook_s_deliveries_are_listed_newest_first(admin, db):
    number = made(admin, webhook_url="http://127.0.0.1:9/hook")["id"]
    quiet = made(admin)["id"]
    ada = invited(admin, number)
    assert admin.get(f"{BASE}/{number}/webhooks").json == {"deliveries": []}
    assessment_clock.start(db, ada["id"])
    assert assessment_clock.finish(db, ada["id"])
    with db.session() as session:
        closes = session.get(Assessment, number).closes_at
    settle(db, now=closes + dt.timedelta(seconds=1))
    with db.session() as session:
        failed = session.scalars(select(WebhookDelivery).order_by(WebhookDelivery.id)).first()
        failed.status, failed.attempts, failed.last_error = "failed", 5, "connection refused"
        session.commit()

    answer = admin.get(f"{BASE}/{number}/webhooks")
    assert answer.status_code == 200
    closed, finished = answer.json["deliveries"]
    assert closed["event"] == "assessment.closed" and closed["candidate_id"] is None
    assert closed["status"] == "pending" and closed["attempts"] == 0
    assert closed["delivered_at"] is None and closed["next_at"] is not None
    assert finished["event"] == "candidate.finished" and finished["candidate_id"] == ada["id"]
    assert finished["status"] == "failed" and finished["last_error"] == "connection refused"
    assert finished["next_at"] is None, "no next try after the last"
    assert admin.get(f"{BASE}/{quiet}/webhooks").json == {"deliveries": []}
    assert admin.get(f"{BASE}/999/webhooks").status_code == 404


ROUTES = [
    ("post", BASE, {**ASSESSMENT, "duration_s": 60}),
    ("get", BASE, None),
    ("get", f"{BASE}/{{id}}", None),
    ("post", f"{BASE}/{{id}}/candidates", {"name": "Eve"}),
    ("post", f"{BASE}/{{id}}/candidates/{{cid}}/revoke", None),
    ("get", f"{BASE}/{{id}}/report", None),
    ("get", f"{BASE}/{{id}}/report?format=csv", None),
    ("get", f"{BASE}/{{id}}/webhooks", None),
]


def test_every_route_is_an_admin_s_alone(app, admin, db):
    number = made(admin, webhook_url="https://hooks.example/x")["id"]
    ada = invited(admin, number)
    _, user_token = add_user(db, "uma")
    callers = {
        "anonymous": ({}, 401),
        "a wrong token": ({"Authorization": "Bearer nope"}, 401),
        "a user": ({"Authorization": f"Bearer {user_token}"}, 403),
    }
    client = app.test_client()
    for method, template, body in ROUTES:
        path = template.format(id=number, cid=ada["id"])
        for who, (headers, status) in callers.items():
            answer = client.open(path, method=method, json=body, headers=headers)
            assert answer.status_code == status, (method, path, who, answer.text)
            assert ada["code"] not in answer.text and "hooks.example" not in answer.text
        # The same path answers the admin (who is not refused for the path itself).
        assert admin.open(path, method=method, json=body).status_code in (200, 201)
    assert count(db, Assessment) == 2 and count(db, Candidate) == 2, "only the admin's"
