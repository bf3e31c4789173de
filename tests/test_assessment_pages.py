"""The operator's pages of assessments (``api.operator_pages``), through Flask's test client on
the real app and a real database (SQLite and PostgreSQL): who may see them (anonymous, a user
who is no admin, an admin), making an assessment through the form, inviting (the link shown
once, and only once) and revoking, the report's table and its order, the exports, a candidate's
page (code as text) and the webhook's deliveries. Then the pages in a real browser (Chromium),
at a phone's width and through the form."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re

import pytest
from playwright.sync_api import expect

from api import create_app
from judge import assessments, candidates
from judge.assessments import AssessmentError
from judge.storage import Assessment, Candidate, CaseResultRow, Submission, User, WebhookDelivery
from judge.users import add_user
from tests.helpers import browser_log_in, overflow

pytestmark = pytest.mark.services

CSRF = re.compile(r'name="csrf" value="([^"]+)"')
HOSTILE = "def softmax(x):\n    return x  # </code><script>alert(1)</script>\n"


@pytest.fixture
def app(tmp_path, redis_server, database_url):
    # Its own Redis database: nothing here is queued for the suite's workers.
    redis_url = redis_server.rsplit("/", 1)[0] + "/11"
    return create_app({"data_dir": tmp_path, "redis_url": redis_url, "database_url": database_url})


@pytest.fixture
def db(app):
    return app.extensions["judge"].db


@pytest.fixture
def tokens(db) -> dict[str, str]:
    return {
        "operator": add_user(db, "operator", admin=True)[1],
        "someone": add_user(db, "someone")[1],
    }


def logged_in(app, token: str):
    """A browser logged in to the pages with ``token``, and its session's CSRF token."""
    client = app.test_client()
    csrf = CSRF.search(client.get("/login").text).group(1)
    answer = client.post("/login", data={"token": token, "csrf": csrf})
    assert answer.status_code == 303, answer.text
    # Logging in starts a new session: its token is on the next page's forms.
    return client, CSRF.search(client.get("/login").text).group(1)


def make(db, title="ML screen", challenges=("matmul", "softmax"), **kw) -> Assessment:
    return assessments.create_assessment(
        db, ["matmul", "softmax", "knn"], title=title, challenges=list(challenges),
        duration_s=kw.pop("duration_s", 3600), **kw,
    )  # fmt: skip


def user_of(db, candidate: Candidate) -> User:
    with db.session() as session:
        return session.get(User, candidate.user_id)


def submit(db, candidate, slug, status, *, after_s, score=None, source="x = 1\n", cases=()):
    """A judged submission of ``candidate``'s, ``after_s`` after they started."""
    with db.session() as session:
        started = session.get(Candidate, candidate.id).started_at
        row = Submission(
            user_id=candidate.user_id,
            challenge=slug,
            source=source,
            status=status,
            score=score,
            created_at=started + dt.timedelta(seconds=after_s),
            message="" if status == "accepted" else f"case {cases[0][0]} failed" if cases else "",
        )
        row.cases = [
            CaseResultRow(position=i, name=name, verdict=verdict, message=message, time_ms=1.5)
            for i, (name, verdict, message) in enumerate(cases)
        ]
        session.add(row)
        session.commit()
        return row.id


def started(db, assessment, name, minutes_ago: float, email="") -> Candidate:
    """An invited candidate who opened the link and started ``minutes_ago``."""
    candidate, _ = candidates.invite(db, assessment.id, name, email)
    now = assessments.utcnow()
    with db.session() as session:
        row = session.get(Candidate, candidate.id)
        row.opened_at = row.started_at = now - dt.timedelta(minutes=minutes_ago)
        session.commit()
        return row


# ---------------------------------------------------------------- who may see them


def routes(a: int, c: int) -> list[tuple[str, str]]:
    return [
        ("GET", "/assessments"),
        ("GET", f"/assessments/{a}"),
        ("GET", f"/assessments/{a}/candidates/{c}"),
        ("GET", f"/assessments/{a}/report.csv"),
        ("GET", f"/assessments/{a}/report.json"),
        ("POST", "/assessments"),
        ("POST", f"/assessments/{a}/candidates"),
        ("POST", f"/assessments/{a}/candidates/{c}/revoke"),
    ]


def test_every_route_wants_an_admin_logged_in(app, db, tokens):
    made = make(db)
    candidate, code = candidates.invite(db, made.id, "Ada")
    walk = routes(made.id, candidate.id)
    anonymous = app.test_client()
    for method, path in walk:
        answer = anonymous.open(path, method=method, data={"name": "Eve", "title": "x"})
        if method == "GET":
            assert answer.status_code == 303, path
            assert answer.headers["Location"].endswith("/login"), path
        else:
            assert answer.status_code == 401, path
            assert answer.mimetype == "text/html" and "log in at /login" in answer.text
    someone, csrf = logged_in(app, tokens["someone"])
    for method, path in walk:
        answer = someone.open(path, method=method, data={"csrf": csrf, "name": "Eve", "title": "x"})
        assert answer.status_code == 403, path
        assert answer.mimetype == "text/html" and "someone is not an admin" in answer.text
    assert 'href="/assessments"' not in someone.get("/").text, "no nav link for them"
    operator, csrf = logged_in(app, tokens["operator"])
    for method, path in walk:
        if method == "GET":
            assert operator.get(path).status_code == 200, path
        else:  # a form without the session's CSRF token changes nothing
            refused = operator.post(path, data={"name": "Eve", "title": "x", "csrf": "forged"})
            assert refused.status_code == 400 and "form expired" in refused.text, path
    assert 'href="/assessments">Assessments</a>' in operator.get("/").text
    assert [c.name for c in candidates.list_candidates(db, made.id)] == ["Ada"]
    assert candidates.redeem(db, code).revoked_at is None
    assert len(assessments.list_assessments(db)) == 1


def test_unknown_assessments_and_candidates_are_404_pages(app, db, tokens):
    made = make(db)
    other = make(db, title="Other")
    theirs, _ = candidates.invite(db, other.id, "Bob")
    operator, csrf = logged_in(app, tokens["operator"])
    for path in (
        "/assessments/999",
        "/assessments/999/report.csv",
        f"/assessments/{made.id}/candidates/{theirs.id}",  # another assessment's candidate
    ):
        answer = operator.get(path)
        assert answer.status_code == 404 and answer.mimetype == "text/html", path
    revoke = f"/assessments/{made.id}/candidates/{theirs.id}/revoke"
    assert operator.post(revoke, data={"csrf": csrf}).status_code == 404
    assert (
        operator.post("/assessments/999/candidates", data={"csrf": csrf, "name": "Eve"}).status_code
        == 404
    )
    assert candidates.get_candidate(db, other.id, theirs.id).revoked_at is None


# ---------------------------------------------------------------- a new assessment


def test_an_assessment_made_through_the_form(app, db, tokens):
    operator, csrf = logged_in(app, tokens["operator"])
    form = operator.get("/assessments").text
    assert "No assessment yet" in form and "<code>matmul</code>" in form, "the catalogue below"
    for key, words in assessments.FEEDBACK.items():
        assert f'value="{key}"' in form and words.replace("'", "&#39;") in form
    assert "(UTC)" in form and 'type="datetime-local"' in form
    answer = operator.post(
        "/assessments",
        data={
            "csrf": csrf,
            "title": "  Senior ML engineer  ",
            "challenges": "softmax, matmul  knn",
            "duration_min": "90",
            "opens_at": "2030-01-02T09:00",
            "closes_at": "2030-01-09T18:30",
            "intro": "Hello.\r\nGood luck.",
            "feedback": "verdicts",
            "webhook_url": "https://hooks.example.com/judge",
        },
    )
    assert answer.status_code == 303
    made = assessments.list_assessments(db)[0]
    assert answer.headers["Location"].endswith(f"/assessments/{made.id}")
    assert (made.title, assessments.challenge_slugs(made)) == (
        "Senior ML engineer",
        ["softmax", "matmul", "knn"],
    )
    assert made.duration_s == 5400 and made.feedback == "verdicts"
    assert made.opens_at == dt.datetime(2030, 1, 2, 9) and made.closes_at == dt.datetime(
        2030, 1, 9, 18, 30
    )
    assert (
        made.intro == "Hello.\nGood luck." and made.webhook_url == "https://hooks.example.com/judge"
    )
    page = operator.get(answer.headers["Location"]).text
    assert "Senior ML engineer" in page and "90.0 min per candidate" in page
    assert "2030-01-02 09:00:00 UTC to 2030-01-09 18:30:00 UTC" in page
    settings = operator.application.extensions["judge"].settings
    assert assessments.webhook_secret(settings.secret_key, made.id) in page, "the signing key"
    listed = operator.get("/assessments").text
    row = re.search(r"<tr>\s*<td data-label=\"Title\">.*?</tr>", listed, re.S).group(0)
    assert "Senior ML engineer" in row and "softmax, matmul, knn" in row and "90.0 min" in row
    assert "verdicts" in row and re.search(r'data-label="Candidates">0<', row)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"challenges": "matmul nope"}, "no challenge named &#39;nope&#39;"),
        ({"challenges": ""}, "at least one challenge"),
        ({"duration_min": "ninety"}, "the duration is a number of minutes"),
        ({"duration_min": "nan"}, "the duration is a number of minutes"),
        ({"closes_at": "2020-01-01T00:00"}, "the window must close"),
        ({"opens_at": "tomorrow"}, "when the window opens is a date and time (UTC)"),
        ({"feedback": "some"}, "feedback is one of full, verdicts, none"),
        ({"webhook_url": "ftp://x"}, "the webhook is an http:// or https:// URL"),
        ({"title": " "}, "a title is 1 to 200 characters"),
    ],
)
def test_a_mistake_in_the_form_is_shown_with_what_was_typed(app, db, tokens, change, message):
    operator, csrf = logged_in(app, tokens["operator"])
    typed = {
        "csrf": csrf,
        "title": 'Screen "B" <b>',
        "challenges": "matmul softmax",
        "duration_min": "45",
        "intro": "Read <this> first",
        "feedback": "none",
        "webhook_url": "",
        **change,
    }
    answer = operator.post("/assessments", data=typed)
    assert answer.status_code == 400
    assert message in answer.text and 'role="alert"' in answer.text
    if "title" not in change:
        assert 'value="Screen &#34;B&#34; &lt;b&gt;"' in answer.text, "the title as typed, escaped"
    assert "Read &lt;this&gt; first</textarea>" in answer.text
    if "feedback" not in change:
        assert 'value="none" checked' in answer.text
    assert assessments.list_assessments(db) == []


# ---------------------------------------------------------------- inviting and revoking


def test_an_invitation_link_is_shown_once_and_redeems(app, db, tokens):
    made = make(db)
    operator, csrf = logged_in(app, tokens["operator"])
    path = f"/assessments/{made.id}"
    answer = operator.post(
        f"{path}/candidates", data={"csrf": csrf, "name": "Ada <L>", "email": "ada@example.com"}
    )
    assert answer.status_code == 201
    link = re.search(r'<code id="invite-link">([^<]+)</code>', answer.text).group(1)
    assert link.startswith("http://localhost/invite#")
    code = link.split("#", 1)[1]
    assert "shown this once" in answer.text and "Ada &lt;L&gt;" in answer.text
    assert candidates.redeem(db, code).name == "Ada <L>"
    candidate = candidates.list_candidates(db, made.id)[0]
    assert candidate.email == "ada@example.com"
    with operator.session_transaction() as session:
        assert code not in json.dumps(dict(session))
    later = [
        operator.get(p)
        for p in (
            path,
            "/assessments",
            f"{path}/candidates/{candidate.id}",
            f"{path}/report.csv",
            f"{path}/report.json",
        )
    ]
    assert all(page.status_code == 200 and code not in page.text for page in later)
    assert "invite-link" not in later[0].text and "Ada &lt;L&gt;" in later[0].text

    refused = operator.post(f"{path}/candidates", data={"csrf": csrf, "name": " ", "email": "x"})
    assert refused.status_code == 400 and "a candidate&#39;s name is 1 to 200" in refused.text
    assert "invite-link" not in refused.text
    bad_mail = operator.post(f"{path}/candidates", data={"csrf": csrf, "name": "Bo", "email": "bo"})
    assert bad_mail.status_code == 400 and "the e-mail label is an address" in bad_mail.text
    assert 'id="name" name="name" type="text" maxlength="200" required value="Bo"' in bad_mail.text
    assert len(candidates.list_candidates(db, made.id)) == 1


def test_no_one_is_invited_once_the_window_has_closed(app, db, tokens):
    now = assessments.utcnow()
    made = make(db, opens_at=now - dt.timedelta(days=2), closes_at=now + dt.timedelta(seconds=1))
    with db.session() as session:
        session.get(Assessment, made.id).closes_at = now - dt.timedelta(seconds=1)
        session.commit()
    operator, csrf = logged_in(app, tokens["operator"])
    answer = operator.post(
        f"/assessments/{made.id}/candidates", data={"csrf": csrf, "name": "Late"}
    )
    assert answer.status_code == 400 and "window has closed" in answer.text
    assert candidates.list_candidates(db, made.id) == []


def test_revoking_an_invitation(app, db, tokens):
    made = make(db)
    ada, code = candidates.invite(db, made.id, "Ada")
    _, bobs = candidates.invite(db, made.id, "Bob")
    operator, csrf = logged_in(app, tokens["operator"])
    page = operator.get(f"/assessments/{made.id}").text
    assert page.count("<summary>Revoke…</summary>") == 2
    assert "Revoke Ada's invitation" in page and "stays in this report" in page
    answer = operator.post(
        f"/assessments/{made.id}/candidates/{ada.id}/revoke", data={"csrf": csrf}
    )
    assert answer.status_code == 303 and answer.headers["Location"].endswith(
        f"/assessments/{made.id}"
    )
    with pytest.raises(AssessmentError) as refused:
        candidates.redeem(db, code)
    assert refused.value.status == 401
    assert candidates.redeem(db, bobs).name == "Bob", "only Ada's"
    page = operator.get(f"/assessments/{made.id}").text
    ada_row = re.search(rf'<tr id="candidate-{ada.id}">.*?</tr>', page, re.S).group(0)
    assert "revoked" in ada_row and "<summary>" not in ada_row
    assert page.count("<summary>Revoke…</summary>") == 1
    again = operator.post(f"/assessments/{made.id}/candidates/{ada.id}/revoke", data={"csrf": csrf})
    assert again.status_code == 303, "revoking twice changes nothing"


# ---------------------------------------------------------------- the report


@pytest.fixture
def graded(db):
    """An assessment of matmul and softmax with three candidates: Cy solved both (slowly on
    matmul), Ada solved matmul fast and got softmax wrong, Bob only opened the link; Dee
    is invited and has done nothing."""
    made = make(db)
    ada = started(db, made, "Ada", minutes_ago=30, email="ada@example.com")
    cy = started(db, made, "cy", minutes_ago=50)
    bob, _ = candidates.invite(db, made.id, "Bob")
    with db.session() as session:
        session.get(Candidate, bob.id).opened_at = assessments.utcnow()
        session.commit()
    dee, _ = candidates.invite(db, made.id, "Dee")
    ids = {
        "ada_wrong": submit(db, ada, "matmul", "wrong_answer", after_s=120),
        "ada_matmul": submit(db, ada, "matmul", "accepted", after_s=300, score=1.25),
        "ada_softmax": submit(db, ada, "softmax", "runtime_error", after_s=600),
        "ada_softmax2": submit(db, ada, "softmax", "wrong_answer", after_s=660),
        "cy_matmul": submit(db, cy, "matmul", "accepted", after_s=900, score=2.5),
        "cy_faster": submit(db, cy, "matmul", "accepted", after_s=1200, score=1.75),
        "cy_softmax": submit(db, cy, "softmax", "accepted", after_s=1500, score=0.9),
    }
    return made, {"ada": ada, "cy": cy, "bob": bob, "dee": dee}, ids


def order(page: str) -> list[int]:
    return [int(i) for i in re.findall(r'<tr id="candidate-(\d+)">', page)]


def test_the_report_shows_each_candidates_best_per_challenge(app, db, tokens, graded):
    made, people, ids = graded
    operator, _ = logged_in(app, tokens["operator"])
    page = operator.get(f"/assessments/{made.id}").text
    assert order(page) == [people[n].id for n in ("ada", "cy", "bob", "dee")], "invitation order"
    rows = dict(re.findall(r'<tr id="candidate-(\d+)">(.*?)</tr>', page, re.S))
    ada, cy, bob = (rows[str(people[n].id)] for n in ("ada", "cy", "bob"))
    detail = f"/assessments/{made.id}/candidates/{people['ada'].id}"
    assert f'href="{detail}">Ada</a>' in ada and "ada@example.com" in ada
    assert "in progress" in ada and re.search(r"\b30\.\d min", ada)
    assert "1 of 2" in ada
    matmul = re.search(r'data-challenge="matmul">(.*?)</td>', ada, re.S).group(1)
    assert (
        f'<a class="verdict accepted" href="/submissions/{ids["ada_matmul"]}">accepted</a>'
        in matmul
    )
    assert "score 1.250" in matmul and "2 attempts" in matmul
    assert "first accepted at 5.0 min" in matmul
    softmax = re.search(r'data-challenge="softmax">(.*?)</td>', ada, re.S).group(1)
    # The nearest miss: a wrong answer ran further than a runtime error.
    assert f'href="/submissions/{ids["ada_softmax2"]}">wrong answer</a>' in softmax
    assert "score" not in softmax and "first accepted" not in softmax
    cy_matmul = re.search(r'data-challenge="matmul">(.*?)</td>', cy, re.S).group(1)
    assert f'/submissions/{ids["cy_faster"]}"' in cy_matmul and "score 1.750" in cy_matmul
    assert "first accepted at 15.0 min" in cy_matmul, "the first accepted, not the best"
    assert "2 of 2" in cy
    assert "ready" in bob and "0 of 2" in bob and bob.count("not tried") == 2


@pytest.mark.parametrize(
    ("query", "expected", "sorted_by"),
    [
        ("sort=name", ["ada", "bob", "cy", "dee"], ("Candidate", "ascending")),
        ("sort=name&desc=1", ["dee", "cy", "bob", "ada"], ("Candidate", "descending")),
        ("sort=solved&desc=1", ["cy", "ada", "bob", "dee"], ("Solved", "descending")),
        ("sort=time", ["ada", "cy", "bob", "dee"], ("Time used", "ascending")),
        ("sort=time&desc=1", ["cy", "ada", "bob", "dee"], ("Time used", "descending")),
        ("sort=matmul", ["ada", "cy", "bob", "dee"], ("matmul", "ascending")),
        ("sort=softmax", ["cy", "ada", "bob", "dee"], ("softmax", "ascending")),
        ("sort=softmax&desc=1", ["ada", "cy", "bob", "dee"], ("softmax", "descending")),
        ("sort=state", ["ada", "cy", "bob", "dee"], ("State", "ascending")),
        ("sort=nonsense", ["ada", "cy", "bob", "dee"], None),
    ],
)
def test_the_report_sorts_on_the_server(app, db, tokens, graded, query, expected, sorted_by):
    made, people, _ = graded
    operator, _ = logged_in(app, tokens["operator"])
    page = operator.get(f"/assessments/{made.id}?{query}").text
    assert order(page) == [people[n].id for n in expected]
    marked = re.findall(r'aria-sort="(\w+)"><a href="[^"]*">([^<]+)</a>', page)
    assert marked == ([] if sorted_by is None else [(sorted_by[1], sorted_by[0])])


def test_a_column_header_links_to_its_sort_and_back(app, db, tokens, graded):
    made, _, _ = graded
    operator, _ = logged_in(app, tokens["operator"])
    base = f"/assessments/{made.id}"
    links = dict(
        (label, href.replace("&amp;", "&"))
        for href, label in re.findall(
            r'<th scope="col"[^>]*><a href="([^"]+)">([^<]+)</a>', operator.get(base).text
        )
    )
    assert links["Candidate"] == f"{base}?sort=name#report"
    assert links["Solved"] == f"{base}?sort=solved&desc=1#report", "most solved first"
    assert links["softmax"] == f"{base}?sort=softmax#report"
    sorted_page = operator.get(f"{base}?sort=name").text
    assert f'href="{base}?sort=name&amp;desc=1#report">Candidate</a>' in sorted_page


def test_the_report_exports_as_csv_and_json(app, db, tokens, graded):
    made, people, ids = graded
    operator, _ = logged_in(app, tokens["operator"])
    exported = operator.get(f"/assessments/{made.id}/report.csv")
    assert exported.mimetype == "text/csv"
    assert (
        exported.headers["Content-Disposition"]
        == f'attachment; filename="assessment-{made.id}.csv"'
    )
    rows = list(csv.DictReader(io.StringIO(exported.text)))
    assert [r["candidate"] for r in rows] == ["Ada", "cy", "Bob", "Dee"]
    ada = rows[0]
    assert ada["email"] == "ada@example.com" and ada["state"] == "in_progress"
    assert ada["matmul verdict"] == "accepted" and ada["matmul score"] == "1.250"
    assert ada["matmul attempts"] == "2" and ada["matmul first accepted (min)"] == "5.0"
    assert ada["softmax verdict"] == "wrong_answer" and ada["solved"] == "1"
    assert rows[2]["matmul attempts"] == "0" and rows[2]["time_used_min"] == ""

    as_json = operator.get(f"/assessments/{made.id}/report.json")
    assert as_json.mimetype == "application/json"
    assert (
        as_json.headers["Content-Disposition"]
        == f'attachment; filename="assessment-{made.id}.json"'
    )
    data = json.loads(as_json.text)
    assert data["assessment"]["title"] == "ML screen"
    assert data["assessment"]["challenges"] == ["matmul", "softmax"]
    first = data["candidates"][0]
    assert (first["id"], first["name"], first["solved"]) == (people["ada"].id, "Ada", 1)
    assert first["challenges"]["matmul"]["submission"] == ids["ada_matmul"]
    assert data["candidates"][1]["challenges"]["softmax"]["score"] == 0.9


# ---------------------------------------------------------------- a candidate


def test_a_candidates_page_shows_their_timeline_code_and_cases(app, db, tokens, graded):
    made, people, ids = graded
    ada = people["ada"]
    hostile = submit(
        db,
        ada,
        "softmax",
        "wrong_answer",
        after_s=700,
        source=HOSTILE,
        cases=[
            ("example-1", "wrong_answer", "max abs error 1 at <0, 1>"),
            ("hidden-1", "skipped", ""),
        ],
    )
    operator, _ = logged_in(app, tokens["operator"])
    answer = operator.get(f"/assessments/{made.id}/candidates/{ada.id}")
    page = answer.text
    assert answer.status_code == 200 and "<title>Ada · ML screen · judge</title>" in page
    assert "ada@example.com" in page and "in progress" in page
    assert "</code><script>alert(1)</script>" not in page
    assert "# &lt;/code&gt;&lt;script&gt;alert(1)&lt;/script&gt;" in page, "the code as text"
    assert "max abs error 1 at &lt;0, 1&gt;" in page and "example-1" in page and "1.50" in page
    timeline = re.search(r'<table id="timeline-table".*?</table>', page, re.S).group(0)
    kinds = re.findall(r'<tr class="(\w+)">', timeline)
    assert kinds == ["opened", "started"] + ["submission"] * 5
    assert timeline.index("submitted matmul: wrong_answer") < timeline.index("submitted softmax")
    for sid in (ids["ada_wrong"], ids["ada_matmul"], hostile):
        assert f'href="#submission-{sid}"' in timeline and f'href="/submissions/{sid}"' in page
        assert f'<section class="submission" id="submission-{sid}">' in page
    assert "Submissions (5)" in page
    assert ids["cy_matmul"] not in [int(i) for i in re.findall(r'id="submission-(\d+)"', page)]
    waiting = operator.get(f"/assessments/{made.id}/candidates/{people['dee'].id}").text
    assert "Nothing yet" in waiting and "No submission." in waiting and "not yet" in waiting


def test_the_webhooks_deliveries_and_their_failures_are_shown(app, db, tokens):
    made = make(db, webhook_url="https://hooks.example.com/x")
    ada, _ = candidates.invite(db, made.id, "Ada")
    operator, _ = logged_in(app, tokens["operator"])
    assert "None yet" in operator.get(f"/assessments/{made.id}").text
    now = assessments.utcnow().replace(microsecond=0)
    with db.session() as session:
        session.add_all(
            [
                WebhookDelivery(
                    assessment_id=made.id, candidate_id=ada.id, event="candidate.finished",
                    status="failed", attempts=8, last_error="HTTP 500 from the hook <html>",
                    created_at=now, next_at=now,
                ),
                WebhookDelivery(
                    assessment_id=made.id, event="assessment.closed", status="pending",
                    attempts=2, last_error="connection refused",
                    created_at=now, next_at=now + dt.timedelta(minutes=4),
                ),
            ]
        )  # fmt: skip
        session.commit()
    page = operator.get(f"/assessments/{made.id}").text
    table = re.search(r'<table id="deliveries".*?</table>', page, re.S).group(0)
    rows = re.findall(r"<tr>(.*?)</tr>", table, re.S)[1:]
    closed, finished = rows  # newest first
    assert "assessment.closed" in closed and "pending" in closed and "connection refused" in closed
    assert (
        ">2<" in closed
        and (now + dt.timedelta(minutes=4)).strftime("%Y-%m-%d %H:%M:%S UTC") in closed
    )
    assert "candidate.finished" in finished and "Ada" in finished
    assert 'class="delivery failed">failed<' in finished and ">8<" in finished
    assert "HTTP 500 from the hook &lt;html&gt;" in finished
    plain = make(db, title="No hook")
    assert "has no webhook" in operator.get(f"/assessments/{plain.id}").text


# ---------------------------------------------------------------- in a real browser


@pytest.mark.browser
def test_the_operators_pages_fit_a_phone_and_the_form_works(served, phone):
    app, url = served
    db = app.extensions["judge"].db
    token = add_user(db, "operator", admin=True)[1]
    browser_log_in(phone, url, token)
    phone.goto(f"{url}/assessments")
    assert overflow(phone) <= 0
    phone.fill("#title", "Phone-made screen: ML_engineers_of_the_platform_team_2031_spring")
    phone.fill("#challenges", "softmax matmul")
    phone.fill("#duration_min", "45")
    phone.fill("#opens_at", "2031-03-04T10:00")
    phone.fill("#closes_at", "2031-03-11T10:00")
    phone.fill("#intro", "Read <this> first.")
    phone.check("input[name=feedback][value=verdicts]")
    phone.fill(
        "#webhook_url", "https://hooks.example.com/a-long-path/that/goes/on/and/on/" + "x" * 60
    )
    phone.click("#new-assessment button[type=submit]")
    phone.wait_for_url(re.compile(r"/assessments/\d+$"))
    made = assessments.list_assessments(db)[0]
    assert assessments.challenge_slugs(made) == ["softmax", "matmul"]
    assert (made.duration_s, made.feedback) == (2700, "verdicts")
    assert made.opens_at == dt.datetime(2031, 3, 4, 10)
    assert phone.inner_text("h1").startswith("Phone-made screen")
    assert overflow(phone) <= 0

    phone.fill("#name", "Ada Lovelace-Byron the candidate with a long name")
    phone.fill("#email", "ada.lovelace.byron@a-very-long-domain.example.com")
    phone.click("#invite-form button[type=submit]")
    link = phone.inner_text("#invite-link")
    assert "/invite#" in link
    assert overflow(phone) <= 0, "the link wraps inside its box"
    phone.context.grant_permissions(["clipboard-read", "clipboard-write"])
    phone.get_by_role("button", name="Copy the link").click()
    expect(phone.get_by_role("button", name="Copied")).to_be_visible()
    assert phone.evaluate("navigator.clipboard.readText()") == link
    assert candidates.redeem(db, link.split("#", 1)[1]).name.startswith("Ada Lovelace")

    # A report with verdicts in its cells; the table scrolls inside its box.
    with db.session() as session:
        made = session.get(Assessment, made.id)
        made.opens_at = assessments.utcnow() - dt.timedelta(hours=1)
        session.commit()
    bea = started(db, made, "Bea", minutes_ago=20, email="bea@example.com")
    submit(db, bea, "softmax", "accepted", after_s=60, score=1.5)
    submit(db, bea, "matmul", "time_limit_exceeded", after_s=90, source=HOSTILE + "#" * 300,
           cases=[("example-1", "time_limit_exceeded", "ran past 2.0 s " * 20)])  # fmt: skip
    phone.goto(f"{url}/assessments/{made.id}")
    assert phone.locator("#invite-link").count() == 0, "shown once"
    assert overflow(phone) <= 0
    rows = phone.locator("#report-table tbody tr")
    expect(rows.first).to_contain_text("Ada Lovelace")
    phone.get_by_role("link", name="Solved").click()
    phone.wait_for_url(re.compile(r"sort=solved&desc=1"))
    expect(rows.first).to_contain_text("Bea")
    expect(phone.locator("th[aria-sort=descending]")).to_have_text("Solved ▼")
    assert overflow(phone) <= 0

    # Revoking needs no script: the details open on the button that confirms it.
    ada_row = rows.filter(has_text="Ada Lovelace")
    ada_row.locator("summary").click()
    ada_row.get_by_role("button", name=re.compile("^Revoke Ada Lovelace")).click()
    expect(rows.filter(has_text="Ada Lovelace")).to_contain_text("revoked")
    assert candidates.list_candidates(db, made.id)[0].revoked_at is not None

    phone.click("text=Bea")
    phone.wait_for_url(re.compile(r"/candidates/\d+$"))
    assert "#" * 300 in phone.inner_text("main"), "the code, as text"
    assert phone.locator("script:not([src])").count() == 0
    assert overflow(phone) <= 0
    phone.goto(f"{url}/assessments")
    assert overflow(phone) <= 0
    assert phone.problems == []
