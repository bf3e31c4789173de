"""Every route, as every role: who may see and do what around an assessment.

Walks every rule of the app's URL map (a route added without a line in :data:`EXPECTED` fails
the walk) with every method, as five roles: anonymous, a candidate of another assessment, a
candidate of this one (in their time), a candidate of this one whose time is up, and the
operator (an admin, with their session and their bearer token). Each answer is checked against
the table: ``ok`` (the route serves this role), ``denied`` (401, 403 or 404, 400 for a form
without the session's CSRF token, or a page's redirect to the log-in form; never a success), or
``any`` (a public route, any answer but a server error). And whatever the answer, nobody but
the candidate and the operator ever reads the candidate's name or code in it.

The real app on a real database and Redis; nothing is judged (no worker reads this Redis
database), so a submission made here stays queued.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from sqlalchemy import select, update

from api import create_app
from judge import assessments, candidates, example_runs
from judge.drafts import save_draft
from judge.storage import Candidate, User, utcnow
from judge.users import add_user

pytestmark = pytest.mark.services

NAME = "Ada Marker-QX"  # the candidate's name: the operator's to read, nobody else's
SOURCE = "import numpy as np\n\n\ndef matrix_multiplication(A, B):\n    return A @ B  # MARK-A7\n"
MARKS = (NAME, "MARK-A7")
ROLES = ("anonymous", "other", "candidate", "expired", "operator")
SEES_ALL = {"candidate", "operator"}
DENIED = {400, 401, 403, 404}

# endpoint -> {role: "ok" | "denied" | "any"}; "*" is every role not named.
EVERYONE = {"*": "any"}
TOKEN_ONLY = {"*": "denied", "operator": "ok"}  # a bearer token's (candidates have none)
CANDIDATE_ONLY = {"*": "denied", "candidate": "ok"}
OPERATOR_ONLY = {"*": "denied", "operator": "ok"}
EXPECTED: dict[str, dict[str, str]] = {
    "static": EVERYONE,
    "healthz": EVERYONE,
    "metrics.metrics": EVERYONE,
    "openapi.openapi_json": EVERYONE,
    "docs.page": EVERYONE,
    "pages.home": EVERYONE,
    "pages.challenge": EVERYONE,
    "pages.login": EVERYONE,
    "pages.logout": EVERYONE,
    "interview.invite": EVERYONE,
    "interview.redeem": EVERYONE,
    "challenges.list_challenges": EVERYONE,
    "challenges.show_challenge": EVERYONE,
    "challenges.challenge_kit": EVERYONE,
    "challenges.challenge_leaderboard": EVERYONE,
    "challenges.check_example_results": EVERYONE,
    "challenges.rejudge_challenge": OPERATOR_ONLY,
    "users.me": TOKEN_ONLY,
    "drafts.show_draft": TOKEN_ONLY,
    "drafts.save": TOKEN_ONLY,
    "examples.start": TOKEN_ONLY,
    "examples.show": {"*": "denied"},  # the candidate's run: over the API, nobody's
    "examples.events": {"*": "denied"},
    "submissions.submit": TOKEN_ONLY,
    "submissions.list_mine": TOKEN_ONLY,
    # The candidate's submission: over the API, the operator's alone (the candidate follows it
    # on the pages).
    "submissions.show": OPERATOR_ONLY,
    "submissions.events": OPERATOR_ONLY,
    "submissions.rejudge": OPERATOR_ONLY,
    "pages.submission": {"*": "denied", "candidate": "ok", "operator": "ok"},
    "pages.submission_live": {"*": "denied", "candidate": "ok", "operator": "ok"},
    "pages.submission_events": {"*": "denied", "candidate": "ok", "operator": "ok"},
    "pages.user": {"*": "denied"},  # a candidate has no public page, not even to the operator
    # The workspace on the assessment's challenge: its candidate in their time; the operator as
    # any logged-in user; the expired candidate may read their draft, change nothing.
    "workspace.show_draft": {
        "*": "denied",
        "candidate": "ok",
        "expired": "ok",
        "other": "ok",
        "operator": "ok",
    },
    "workspace.save_draft": {"*": "denied", "candidate": "ok", "operator": "ok"},
    "workspace.run_examples": {"*": "denied", "candidate": "ok", "operator": "ok"},
    "workspace.submit": {"*": "denied", "candidate": "ok", "operator": "ok"},
    "workspace.example_run": CANDIDATE_ONLY,
    "workspace.example_run_events": CANDIDATE_ONLY,
    "interview.overview": {"*": "ok", "anonymous": "denied", "operator": "denied"},
    "interview.workspace": {"*": "denied", "candidate": "ok", "expired": "ok"},
    "interview.start": {"*": "denied", "candidate": "ok", "expired": "ok", "other": "ok"},
    "interview.finish": {"*": "denied", "candidate": "ok", "expired": "ok", "other": "ok"},
    # The operator's: the API with an admin's token, the pages with an admin's session.
    **{
        f"assessments.{name}": OPERATOR_ONLY
        for name in (
            *("create", "listing", "show", "add_candidate", "revoke_candidate"),
            *("show_report", "webhooks"),
        )
    },
    "similar.challenge_pairs": OPERATOR_ONLY,
    "similar.assessment_pairs": OPERATOR_ONLY,
    "similar.pair": OPERATOR_ONLY,
    "similar_pages.challenge": OPERATOR_ONLY,
    "similar_pages.pair": OPERATOR_ONLY,
    **{
        f"operator_pages.{name}": OPERATOR_ONLY
        for name in (
            *("assessments", "create", "report", "invite", "candidate", "revoke"),
            *("report_csv", "report_json"),
        )
    },
}
#: The HTML forms: posted as a browser posts them, with the session's CSRF token.
FORMS = {"pages.login", "pages.logout", "interview.redeem", "interview.start", "interview.finish"}
FORMS |= {"operator_pages.create", "operator_pages.invite", "operator_pages.revoke"}
#: Routes a role may use but that the walk does not call as that role: what they change is
#: tested where it is the subject (finishing the candidate here would change later answers).
NOT_CALLED = {("interview.finish", "candidate"), ("pages.logout", "*")}
NOT_CALLED |= {
    (f"{area}.{name}", "operator")
    for area, name in (
        ("assessments", "create"),
        ("assessments", "add_candidate"),
        ("assessments", "revoke_candidate"),
        ("operator_pages", "create"),
        ("operator_pages", "invite"),
        ("operator_pages", "revoke"),
    )
}


@pytest.fixture(scope="module")
def world(tmp_path_factory, redis_server):
    redis_url = redis_server.rsplit("/", 1)[0] + "/12"  # no task for the suite's workers
    app = create_app(
        {
            "data_dir": tmp_path_factory.mktemp("roles"),
            "redis_url": redis_url,
            "submissions_per_minute": 0,
            "max_waiting_submissions": 0,
            "example_runs_per_minute": 0,
        }
    )
    db = app.extensions["judge"].db
    known = ["matmul", "knn", "dropout"]
    this = assessments.create_assessment(
        db, known, title="This one", challenges=["matmul", "knn"], duration_s=3600
    )
    other = assessments.create_assessment(
        db, known, title="Another", challenges=["dropout"], duration_s=3600
    )
    clients, csrf = {}, {}
    operator_token = add_user(db, "operator", admin=True)[1]
    for role, assessment, name in (
        ("candidate", this, NAME),
        ("expired", this, "Late Larry"),
        ("other", other, "Other Olga"),
    ):
        candidate, code = candidates.invite(db, assessment.id, name)
        client = app.test_client()
        form = client.get("/invite").text
        client.post("/invite", data={"code": code, "csrf": _csrf(form)})
        client.post("/interview/start", data={"csrf": _csrf(client.get("/interview").text)})
        clients[role], csrf[role] = client, _csrf(client.get("/interview").text)
        if role == "candidate":
            mine = candidate
    operator = app.test_client()
    operator.post(
        "/login", data={"token": operator_token, "csrf": _csrf(operator.get("/login").text)}
    )
    clients["operator"], csrf["operator"] = operator, _csrf(operator.get("/").text)
    clients["anonymous"], csrf["anonymous"] = app.test_client(), ""

    candidate_headers = {"X-CSRF-Token": csrf["candidate"]}
    made = clients["candidate"].post(
        "/challenges/matmul/submissions", json={"source": SOURCE}, headers=candidate_headers
    )
    assert made.status_code == 202, made.text
    with db.session() as session:
        user = session.get(User, mine.user_id)
        # The expired candidate's time ran out an hour ago.
        session.execute(
            update(Candidate)
            .where(Candidate.name == "Late Larry")
            .values(started_at=utcnow() - dt.timedelta(hours=2))
        )
        session.commit()
    # Another user's submission of the same challenge: the other side of a pair.
    other = clients["operator"].post(
        "/api/v1/submissions",
        json={"challenge": "matmul", "source": SOURCE.replace("MARK-A7", "")},
        headers={"Authorization": f"Bearer {operator_token}"},
    )
    assert other.status_code == 202, other.text
    run_id = example_runs.create_run(db, user, "matmul", SOURCE, keep=20)
    operator_user = session_user(db, "operator")
    save_draft(db, operator_user, "matmul", "# the operator's own draft\n", 10_000)
    values = {
        "slug": "matmul",
        "submission_id": made.json["id"],
        "other_id": other.json["id"],
        "run_id": run_id,
        "name": user.name,
        "assessment_id": this.id,
        "candidate_id": mine.id,
        "filename": "judge.css",
        "delivery_id": 1,
    }
    return app, clients, csrf, operator_token, values


def session_user(db, name: str) -> User:
    with db.session() as session:
        return session.scalar(select(User).where(User.name == name))


def _csrf(text: str) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', text).group(1)


def first_part(answer) -> str:
    """The answer's body; of an event stream, only its first event (it would run for minutes)."""
    try:
        if answer.mimetype == "text/event-stream":
            return next(iter(answer.response), b"").decode()
        return answer.get_data(as_text=True)
    finally:
        answer.close()


def to_login(answer) -> bool:
    """A page's refusal of someone not logged in: off to the log-in form."""
    return answer.status_code == 303 and answer.headers["Location"].startswith("/login")


def expected(endpoint: str, role: str) -> str:
    table = EXPECTED[endpoint]
    return table.get(role, table["*"])


def test_every_route_is_in_the_table(world):
    app = world[0]
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    assert endpoints - set(EXPECTED) == set(), "a route nobody decided who may call"
    assert set(EXPECTED) - endpoints == set()


@pytest.mark.parametrize("role", ROLES)
def test_every_route_answers_each_role_as_it_should(world, role):
    app, clients, csrf, operator_token, values = world
    client = clients[role]
    problems = []
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        if (rule.endpoint, role) in NOT_CALLED or (rule.endpoint, "*") in NOT_CALLED:
            continue
        path = rule.rule
        for argument in rule.arguments:
            path = re.sub(rf"<(?:[a-z]+:)?{argument}>", str(values[argument]), path)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            headers = {"X-CSRF-Token": csrf[role]} if csrf[role] else {}
            if role == "operator" and path.startswith("/api/"):
                headers["Authorization"] = f"Bearer {operator_token}"
            body = {"source": SOURCE, "challenge": "matmul"} if method in ("PUT", "POST") else None
            form = rule.endpoint in FORMS
            data = {"csrf": csrf[role], "code": "not-a-code"} if form else None
            answer = client.open(
                path,
                method=method,
                headers=headers,
                json=None if form else body,
                data=data,
                buffered=False,
            )
            text = first_part(answer)
            want = expected(rule.endpoint, role)
            got = answer.status_code
            where = f"{method} {path} as {role}: {got}"
            if got >= 500:
                problems.append(f"{where} (a server error)")
            elif want == "ok" and (not (200 <= got < 400) or to_login(answer)):
                problems.append(f"{where}, expected to be served: {text[:200]}")
            elif want == "denied" and got not in DENIED and not to_login(answer):
                problems.append(f"{where}, expected a refusal")
            if role not in SEES_ALL:
                leaked = [mark for mark in MARKS if mark in text]
                if leaked:
                    problems.append(f"{where} shows {leaked}")
    assert not problems, "\n".join(problems)
