"""The assessments' rules on a real database, SQLite and PostgreSQL: what an operator may make
(:mod:`judge.assessments`), invitations and their codes (:mod:`judge.candidates`), the candidate's
clock on the server's time and what a candidate may do when (:mod:`judge.assessment_clock`), what
they see of a result (:mod:`judge.assessment_feedback`), the reviewer's report and its CSV
(:mod:`judge.assessment_reports`), and the privacy of candidates' submissions."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest

from judge import assessment_clock, assessment_feedback, assessment_reports, assessments, candidates
from judge.assessments import AssessmentError
from judge.standings import (
    challenge_stats,
    global_standings,
    leaderboard,
    runtime_distribution,
    user_standing,
)
from judge.storage import Candidate, Database, Submission, User, utcnow
from judge.users import add_user

KNOWN = ["matmul", "knn", "dropout"]
T0 = utcnow().replace(microsecond=0)
HOUR = dt.timedelta(hours=1)


def at(seconds: float) -> dt.datetime:
    return T0 + dt.timedelta(seconds=seconds)


@pytest.fixture
def db(database_url):
    database = Database(database_url)
    yield database
    database.close()


def make(db, **given):
    fields = {
        "title": "ML engineers",
        "challenges": ["matmul", "knn"],
        "duration_s": 3600,
        "opens_at": T0,
        "closes_at": T0 + 24 * HOUR,
        "now": T0,
    }
    fields.update(given)
    return assessments.create_assessment(db, KNOWN, **fields)


def invited(db, assessment, name="Ada", now=T0) -> tuple[Candidate, str]:
    return candidates.invite(db, assessment.id, name, now=now)


def user_of(db, candidate: Candidate) -> User:
    with db.session() as session:
        found = session.get(User, candidate.user_id)
        assert found is not None
        return found


def submit(db, user_id: int, status: str, at_: dt.datetime, challenge="matmul", **fields) -> int:
    with db.session() as session:
        row = Submission(
            user_id=user_id, challenge=challenge, source="", status=status, created_at=at_, **fields
        )
        session.add(row)
        session.commit()
        return row.id


# ---------------------------------------------------------------- making


@pytest.mark.parametrize(
    ("given", "words", "status"),
    [
        ({"title": "   "}, "a title is 1 to", 400),
        ({"title": "x" * 201}, "a title is 1 to", 400),
        ({"challenges": []}, "at least one challenge", 400),
        ({"challenges": ["matmul"] * 21}, "at most 20 challenges", 400),
        ({"challenges": ["matmul", "nope"]}, "no challenge named 'nope'", 404),
        ({"challenges": ["knn", "matmul", "knn"]}, "appears twice", 400),
        ({"duration_s": 9}, "the duration is 10 s to 7 days, not 9 s", 400),
        ({"duration_s": 7 * 86400 + 1}, "the duration is", 400),
        ({"closes_at": T0}, "must close after it opens", 400),
        ({"opens_at": T0 - 48 * HOUR, "closes_at": T0 - HOUR}, "close in the future", 400),
        ({"feedback": "some"}, "feedback is one of full, verdicts, none", 400),
        ({"intro": "x" * 20_001}, "the intro is at most", 400),
        ({"title": "a\x00b"}, "NUL", 400),
        ({"intro": "a\x00b"}, "NUL", 400),
        ({"webhook_url": "ftp://example.com/hook"}, "http:// or https://", 400),
        ({"webhook_url": "http://"}, "http:// or https://", 400),
        ({"webhook_url": "javascript:alert(1)"}, "http:// or https://", 400),
        ({"webhook_url": "https://example.com/" + "x" * 2000}, "http:// or https://", 400),
    ],
)
def test_an_assessment_is_refused_with_a_reason(db, given, words, status):
    with pytest.raises(AssessmentError, match=words) as refused:
        make(db, **given)
    assert refused.value.status == status
    assert assessments.list_assessments(db) == []


def test_an_assessment_is_made_with_its_defaults(db):
    made = assessments.create_assessment(
        db,
        KNOWN,
        title="  Interview  ",
        challenges=["knn", "matmul"],
        duration_s=600,
        opens_at=dt.datetime(2030, 1, 1, 10, tzinfo=dt.timezone(dt.timedelta(hours=2))),
        webhook_url=" https://hooks.example.com/judge ",
        now=T0,
    )
    again = assessments.get_assessment(db, made.id)
    assert again.title == "Interview" and assessments.challenge_slugs(again) == ["knn", "matmul"]
    assert again.opens_at == dt.datetime(2030, 1, 1, 8), "stored as naive UTC"
    assert again.closes_at == again.opens_at + assessments.DEFAULT_WINDOW
    assert (again.feedback, again.webhook_url) == ("full", "https://hooks.example.com/judge")
    with pytest.raises(AssessmentError) as missing:
        assessments.get_assessment(db, made.id + 1)
    assert missing.value.status == 404


def test_times_are_parsed_as_utc(db):
    assert assessments.parse_time("2026-12-24T09:00") == dt.datetime(2026, 12, 24, 9)
    assert assessments.parse_time("2026-12-24T09:00Z") == dt.datetime(2026, 12, 24, 9)
    assert assessments.parse_time("2026-12-24T09:00+01:00") == dt.datetime(2026, 12, 24, 8)
    with pytest.raises(AssessmentError, match="not an ISO 8601 time"):
        assessments.parse_time("tomorrow")


def test_the_webhook_secret_is_per_assessment_and_per_deployment():
    one = assessments.webhook_secret(b"a" * 64, 1)
    assert len(one) == 64 and int(one, 16) >= 0
    assert one == assessments.webhook_secret(b"a" * 64, 1)
    assert one != assessments.webhook_secret(b"a" * 64, 2)
    assert one != assessments.webhook_secret(b"b" * 64, 1)


# ---------------------------------------------------------------- inviting and redeeming


@pytest.mark.parametrize(
    ("name", "email", "words"),
    [
        ("  ", "", "a candidate's name"),
        ("x" * 201, "", "a candidate's name"),
        ("A\x00", "", "a candidate's name"),
        ("Ada", "not-an-address", "e-mail"),
        ("Ada", "a@" + "b" * 253, "e-mail"),
        ("Ada", "a@b\x00", "e-mail"),
    ],
)
def test_an_invitation_is_refused_with_a_reason(db, name, email, words):
    assessment = make(db)
    with pytest.raises(AssessmentError, match=words):
        candidates.invite(db, assessment.id, name, email, now=T0)
    assert candidates.list_candidates(db, assessment.id) == []


def test_no_one_is_invited_once_the_window_closed(db):
    assessment = make(db, closes_at=at(60))
    with pytest.raises(AssessmentError, match="window has closed"):
        candidates.invite(db, assessment.id, "Ada", now=at(60))


def test_a_code_opens_its_own_invitation_only(db):
    assessment = make(db)
    ada, code = candidates.invite(db, assessment.id, " Ada ", "ada@example.com", now=T0)
    bob, other = invited(db, assessment, "Bob")
    assert (ada.name, ada.email) == ("Ada", "ada@example.com")
    assert code not in ada.code_hash and len(ada.code_hash) == 64, "only its hash is kept"
    assert candidates.redeem(db, code, now=at(10)).id == ada.id
    assert candidates.redeem(db, f"  {other}\n", now=at(10)).id == bob.id
    for wrong in ("", "   ", code[:-1], code + "x", ada.code_hash):
        with pytest.raises(AssessmentError, match="this invitation code is not valid") as no:
            candidates.redeem(db, wrong, now=at(10))
        assert no.value.status == 401


def test_opened_is_set_once(db):
    assessment = make(db)
    ada, code = invited(db, assessment)
    assert ada.opened_at is None
    assert candidates.redeem(db, code, now=at(10)).opened_at == at(10)
    assert candidates.redeem(db, code, now=at(99)).opened_at == at(10)


def test_a_revoked_code_reads_as_a_wrong_one(db):
    assessment = make(db)
    ada, code = invited(db, assessment)
    candidates.revoke(db, assessment.id, ada.id)
    first = candidates.get_candidate(db, assessment.id, ada.id).revoked_at
    assert candidates.revoke(db, assessment.id, ada.id).revoked_at == first, "once"
    with pytest.raises(AssessmentError, match="this invitation code is not valid") as no:
        candidates.redeem(db, code, now=at(10))
    assert no.value.status == 401
    other = make(db, title="Another")
    with pytest.raises(AssessmentError) as elsewhere:
        candidates.revoke(db, other.id, ada.id)
    assert elsewhere.value.status == 404


def test_an_unstarted_code_expires_with_the_window_and_a_started_one_still_opens(db):
    assessment = make(db, closes_at=at(600), duration_s=60)
    ada, unstarted = invited(db, assessment)
    bob, started = invited(db, assessment, "Bob")
    assessment_clock.start(db, bob.id, now=at(10))
    assert candidates.redeem(db, unstarted, now=at(599)).id == ada.id
    with pytest.raises(AssessmentError, match="expired when the assessment closed") as no:
        candidates.redeem(db, unstarted, now=at(600))
    assert no.value.status == 401
    assert candidates.redeem(db, started, now=at(700)).id == bob.id, "to see what was recorded"


# ---------------------------------------------------------------- the clock


def test_the_clock_states(db):
    later = make(db, opens_at=at(100), closes_at=at(1000), duration_s=300)
    ada, _ = invited(db, later)

    def where(when: float):
        candidate = candidates.get_candidate(db, later.id, ada.id)
        return assessment_clock.clock(candidate, later, at(when))

    assert where(99).state == "not_open" and not where(99).working
    assert where(100).state == "ready" and where(100).deadline is None
    assert where(1000).state == "expired", "the window closed unstarted"
    assessment_clock.start(db, ada.id, now=at(200))
    running = where(260)
    assert (running.state, running.deadline, running.seconds_left) == ("in_progress", at(500), 240)
    assert running.working
    assert (where(500).state, where(500).seconds_left) == ("finished", 0.0)
    candidates.revoke(db, later.id, ada.id)
    assert where(260).state == "revoked"


def test_the_window_cuts_a_late_start_short(db):
    assessment = make(db, closes_at=at(1000), duration_s=3600)
    ada, _ = invited(db, assessment)
    started = assessment_clock.start(db, ada.id, now=at(900))
    assert assessment_clock.deadline(started, assessment) == at(1000)
    assert assessment_clock.clock(started, assessment, at(950)).seconds_left == 50


def test_start_twice_starts_once(db):
    assessment = make(db)
    ada, _ = invited(db, assessment)
    assert assessment_clock.start(db, ada.id, now=at(10)).started_at == at(10)
    assert assessment_clock.start(db, ada.id, now=at(20)).started_at == at(10)


@pytest.mark.parametrize(
    ("when", "revoked", "words"),
    [(-1, False, "the assessment opens"), (86_400, False, "expired"), (10, True, "revoked")],
)
def test_start_is_refused_before_the_window_after_it_and_when_revoked(db, when, revoked, words):
    assessment = make(db)
    ada, _ = invited(db, assessment, now=at(-10) if when < 0 else T0)
    if revoked:
        candidates.revoke(db, assessment.id, ada.id)
    with pytest.raises(AssessmentError, match=words) as refused:
        assessment_clock.start(db, ada.id, now=at(when))
    assert refused.value.status == 409
    assert candidates.get_candidate(db, assessment.id, ada.id).started_at is None


def test_finish_ends_the_time_once(db):
    assessment = make(db)
    ada, _ = invited(db, assessment)
    assert not assessment_clock.finish(db, ada.id, now=at(5)), "not started"
    assessment_clock.start(db, ada.id, now=at(10))
    assert assessment_clock.finish(db, ada.id, now=at(70))
    assert not assessment_clock.finish(db, ada.id, now=at(80))
    ended = candidates.get_candidate(db, assessment.id, ada.id)
    assert (ended.finished_at, ended.finish_reason) == (at(70), "finished")
    view = assessment_reports.candidate_view(ended, assessment, at(500))
    assert (view["state"], view["time_used_s"], view["finish_reason"]) == (
        "finished",
        60,
        "finished",
    )


# ---------------------------------------------------------------- what a candidate may do


def test_work_refusals(db):
    assessment = make(db, duration_s=600)
    ada, _ = invited(db, assessment)
    user = user_of(db, ada)
    not_started = assessment_clock.work_refusal(db, user, "matmul", now=at(5))
    assert not_started is not None and "has not started" in not_started
    assessment_clock.start(db, ada.id, now=at(10))
    assert assessment_clock.work_refusal(db, user, "matmul", now=at(20)) is None
    assert assessment_clock.work_refusal(db, user, "knn", now=at(609)) is None
    elsewhere = assessment_clock.work_refusal(db, user, "dropout", now=at(20))
    assert elsewhere is not None and "not one of this assessment's challenges" in elsewhere
    late = assessment_clock.work_refusal(db, user, "matmul", now=at(610))
    assert late is not None and "time is up" in late
    assert assessments.time_words(at(610)) in late, "when it ended"

    bob, _ = invited(db, assessment, "Bob")
    assessment_clock.start(db, bob.id, now=at(10))
    assessment_clock.finish(db, bob.id, now=at(30))
    done = assessment_clock.work_refusal(db, user_of(db, bob), "matmul", now=at(31))
    assert done is not None and assessments.time_words(at(30)) in done

    cy, _ = invited(db, assessment, "Cy")
    assessment_clock.start(db, cy.id, now=at(10))
    candidates.revoke(db, assessment.id, cy.id)
    revoked = assessment_clock.work_refusal(db, user_of(db, cy), "matmul", now=at(20))
    assert revoked is not None and "revoked" in revoked


def test_a_user_who_is_no_candidate_is_never_refused(db):
    make(db, closes_at=at(60))
    user, _ = add_user(db, "practice")
    for slug in ("matmul", "dropout", "anything"):
        assert assessment_clock.work_refusal(db, user, slug, now=at(86_400)) is None
    assert candidates.candidate_of(db, user) is None
    assert candidates.candidate_of(db, None) is None


VIEW = {
    "id": 7,
    "status": "wrong_answer",
    "message": "case 3: max abs error 0.5 at [1, 2]",
    "log": "printed",
    "score": None,
    "median_ms": 1.5,
    "reference_ms": 1.0,
    "run_ms": 800.0,
    "flagged": True,
    "flag_reason": "claims more than it took",
    "cases": [
        {"name": "small", "verdict": "accepted", "message": "", "time_ms": 1.0},
        {
            "name": "hidden 3",
            "verdict": "wrong_answer",
            "message": "max abs error 0.5 at [1, 2]",
            "time_ms": 2.0,
            "memory_kb": 1024,
            "timing": {"runs": 5},
        },
    ],
}


def test_feedback_policies():
    assert assessment_feedback.feedback_view(VIEW, "full") == VIEW
    verdicts = assessment_feedback.feedback_view(VIEW, "verdicts")
    assert verdicts["status"] == "wrong_answer"
    assert [c["verdict"] for c in verdicts["cases"]] == ["accepted", "wrong_answer"]
    assert [c["name"] for c in verdicts["cases"]] == ["small", "hidden 3"]
    assert "max abs error" not in str(verdicts) and "printed" not in str(verdicts)
    assert all(c["time_ms"] is None and c["timing"] is None for c in verdicts["cases"])
    assert verdicts["median_ms"] is None and verdicts["flag_reason"] == ""
    none = assessment_feedback.feedback_view(VIEW, "none")
    assert (none["status"], none["cases"], none["id"]) == ("received", [], 7)
    assert "wrong_answer" not in str(none) and "max abs error" not in str(none)
    assert VIEW["cases"][1]["message"], "the view itself is left as it was"


# ---------------------------------------------------------------- the report


def test_the_report_takes_each_candidates_best(db):
    assessment = make(db)
    ada, _ = invited(db, assessment)
    bob, _ = invited(db, assessment, "Bob")
    cy, _ = invited(db, assessment, "Cy")
    for candidate in (ada, bob):
        assessment_clock.start(db, candidate.id, now=at(60))
    a, b = ada.user_id, bob.user_id
    submit(db, a, "wrong_answer", at(100))
    first = submit(db, a, "accepted", at(200), score=1.5)
    fastest = submit(db, a, "accepted", at(300), score=0.9)
    submit(db, a, "accepted", at(400), score=0.5, flagged="claims more than it took")
    submit(db, a, "time_limit_exceeded", at(500))
    submit(db, a, "runtime_error", at(600), challenge="knn")
    submit(db, a, "queued", at(700), challenge="knn")
    submit(db, b, "invalid_submission", at(100))
    tle = submit(db, b, "time_limit_exceeded", at(110))
    submit(db, b, "wrong_answer", at(120))
    unscored = submit(db, b, "accepted", at(130), challenge="knn")

    data = assessment_reports.report(db, assessment.id, now=at(1000))
    rows = {row["name"]: row for row in data["candidates"]}
    assert data["assessment"]["challenges"] == ["matmul", "knn"]
    matmul = rows["Ada"]["challenges"]["matmul"]
    assert (matmul["verdict"], matmul["score"], matmul["submission"]) == ("accepted", 0.9, fastest)
    assert matmul["attempts"] == 5 and matmul["judging"] == 0
    assert matmul["first_accepted_at"] == at(200).replace(tzinfo=dt.UTC).isoformat()
    assert matmul["first_accepted_after_s"] == 140, "after the start, not after the invitation"
    assert first != fastest
    knn = rows["Ada"]["challenges"]["knn"]
    assert (knn["verdict"], knn["attempts"], knn["judging"]) == ("runtime_error", 2, 1)
    assert knn["first_accepted_at"] is None and knn["score"] is None
    assert rows["Ada"]["solved"] == 1 and rows["Ada"]["time_used_s"] == 940

    bobs = rows["Bob"]["challenges"]
    assert (bobs["matmul"]["verdict"], bobs["matmul"]["submission"]) == ("time_limit_exceeded", tle)
    assert (bobs["knn"]["verdict"], bobs["knn"]["submission"]) == ("accepted", unscored)
    assert bobs["knn"]["score"] is None, "accepted, never timed"
    assert rows["Bob"]["solved"] == 1

    cys = rows["Cy"]
    assert (cys["state"], cys["solved"], cys["time_used_s"]) == ("ready", 0, None)
    assert cys["challenges"]["matmul"] == {
        "verdict": "",
        "score": None,
        "submission": None,
        "attempts": 0,
        "judging": 0,
        "first_accepted_at": None,
        "first_accepted_after_s": None,
    }
    assert [row["name"] for row in data["candidates"]] == ["Ada", "Bob", "Cy"]
    assert cy.id == rows["Cy"]["id"]


def test_the_report_leaves_other_assessments_and_users_out(db):
    assessment, other = make(db), make(db, title="Other")
    ada, _ = invited(db, assessment)
    zed, _ = invited(db, other, "Zed")
    practice, _ = add_user(db, "practice")
    submit(db, zed.user_id, "accepted", at(100), score=0.1)
    submit(db, practice.id, "accepted", at(100), score=0.1)
    data = assessment_reports.report(db, assessment.id, now=at(1000))
    assert [row["id"] for row in data["candidates"]] == [ada.id]
    assert data["candidates"][0]["challenges"]["matmul"]["attempts"] == 0
    empty = assessment_reports.report(db, make(db, title="Empty").id, now=at(1000))
    assert (empty["assessment"]["title"], empty["candidates"]) == ("Empty", [])


def test_the_csv_has_a_row_per_candidate_and_runs_no_formula(db):
    assessment = make(db)
    ada, _ = candidates.invite(db, assessment.id, '=HYPERLINK("http://x")', "@a@b.c", now=T0)
    invited(db, assessment, "Bob")
    assessment_clock.start(db, ada.id, now=at(0))
    submit(db, ada.user_id, "accepted", at(90), score=1.23456)
    assessment_clock.finish(db, ada.id, now=at(120))
    text = assessment_reports.report_csv(assessment_reports.report(db, assessment.id, now=at(1000)))
    head, first, second = list(csv.reader(io.StringIO(text)))
    assert head[:7] == [
        "candidate",
        "email",
        "state",
        "started_at",
        "finished_at",
        "time_used_min",
        "solved",
    ]
    assert head[7:] == [
        "matmul verdict",
        "matmul score",
        "matmul attempts",
        "matmul first accepted (min)",
        "knn verdict",
        "knn score",
        "knn attempts",
        "knn first accepted (min)",
    ]
    assert first[0] == '\'=HYPERLINK("http://x")' and first[1] == "'@a@b.c"
    assert first[2:] == [
        "finished",
        at(0).replace(tzinfo=dt.UTC).isoformat(),
        at(120).replace(tzinfo=dt.UTC).isoformat(),
        "2.0",
        "1",
        "accepted",
        "1.235",
        "1",
        "1.5",
        "",
        "",
        "0",
        "",
    ]
    assert second[:3] == ["Bob", "", "ready"]
    for name in ("+1", "-1", "@x", "\tx"):
        assert assessment_reports._cell(name).startswith("'")
    assert assessment_reports._cell("Ada = ok") == "Ada = ok"


def test_the_timeline_tells_what_the_candidate_did_in_order(db):
    assessment = make(db, duration_s=600)
    ada, code = invited(db, assessment)
    candidates.redeem(db, code, now=at(5))
    assessment_clock.start(db, ada.id, now=at(10))
    sub = submit(db, ada.user_id, "accepted", at(100))
    assessment_clock.finish(db, ada.id, now=at(200))
    ada = candidates.get_candidate(db, assessment.id, ada.id)
    events = assessment_reports.timeline(db, ada, assessment)
    assert [(e["kind"], e["id"]) for e in events] == [
        ("opened", None),
        ("started", None),
        ("submission", sub),
        ("ended", None),
    ]
    assert events[-1]["what"] == "finished"


# ---------------------------------------------------------------- privacy


def test_a_candidates_submissions_are_on_no_public_board(db):
    assessment = make(db)
    ada, _ = invited(db, assessment)
    assessment_clock.start(db, ada.id, now=at(10))
    practice, _ = add_user(db, "practice")
    submit(db, practice.id, "accepted", at(20), score=1.0, median_ms=2.0)
    submit(db, ada.user_id, "accepted", at(30), score=0.5, median_ms=1.0)
    submit(db, ada.user_id, "wrong_answer", at(40), challenge="knn")

    assert [e["user"] for e in leaderboard(db, "matmul")] == ["practice"]
    assert [s["user"] for s in global_standings(db)] == ["practice"]
    stats = challenge_stats(db)
    assert (stats["matmul"].solvers, stats["matmul"].judged) == (1, 1)
    assert "knn" not in stats
    assert runtime_distribution(db, "matmul", "outside").medians_ms == [2.0]
    assert user_standing(db, user_of(db, ada).name) is None
    assert user_standing(db, "practice") is not None


def test_a_candidate_is_no_user_to_remove(db):
    """Their hidden user holds the assessment's record: ``judge users remove`` refuses it,
    saying who they are and what ends their access, and removes nothing."""
    from judge.users import remove_user

    candidate, _ = invited(db, make(db), name="Ada")
    hidden = user_of(db, candidate).name
    with pytest.raises(ValueError, match=r"candidate 'Ada' of assessment \d+.*revoke"):
        remove_user(db, hidden, with_submissions=True)
    assert user_of(db, candidate).name == hidden
