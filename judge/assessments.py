"""Assessments: a team's timed interview. An operator makes one (a title, an ordered set of
challenges, a duration per candidate, a window in which it may be started, an intro, a feedback
policy, an optional webhook) and invites candidates by name; each gets a personal link holding a
secret code, stored only as its hash, revocable, and refused once the window has closed.

A candidate works as a user of their own, made with the invitation: drafts, example runs and
submissions go the way every user's do (the same checks, quotas, queues and sandboxes), and
:data:`PUBLIC` keeps candidates' submissions off every board and user page. What a candidate may
do, and when, is decided here, on the server's clock (:func:`work_refusal`): nothing before
**Start**, nothing after their deadline (their start plus the duration, or the window's close if
sooner). A submission sent before the deadline and judged after it counts.

When a candidate's time is up, or the window closes, the sweeper (:func:`settle`) records it and
queues the webhook's signed summary (:mod:`judge.webhooks`).
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import hashlib
import hmac
import io
import json
import secrets
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import func, select, update
from sqlalchemy.orm import selectinload

from judge.storage import (
    Assessment,
    Candidate,
    Database,
    ExampleRunRow,
    Submission,
    User,
    WebhookDelivery,
    utcnow,
)
from judge.submissions import MAX_ID
from judge.users import hash_token, new_token
from judge.verdicts import IN_FLIGHT, Verdict

#: What a candidate sees of each submission's result while the assessment lasts.
FEEDBACK = {
    "full": "every case's verdict and message, as on the submission page",
    "verdicts": "each case's verdict, without messages or output",
    "none": "only that the submission was received",
}
MIN_DURATION_S = 10
MAX_DURATION_S = 7 * 24 * 3600
DEFAULT_WINDOW = dt.timedelta(days=7)
TITLE_MAX = 200
NAME_MAX = 200
EMAIL_MAX = 254
INTRO_MAX = 20_000
MAX_CHALLENGES = 20

#: Where the submissions of the judge's own users are: not a candidate's. Every board, user
#: page and statistic that is public filters on it.
PUBLIC = Submission.user_id.not_in(select(Candidate.user_id))


class AssessmentError(ValueError):
    """A request about an assessment that cannot be done, in words for the operator or the
    candidate; ``status`` is the HTTP answer it maps to."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.status = status


# ---------------------------------------------------------------- making and inviting


def create_assessment(
    db: Database,
    known: list[str],
    *,
    title: str,
    challenges: list[str],
    duration_s: int,
    opens_at: dt.datetime | None = None,
    closes_at: dt.datetime | None = None,
    intro: str = "",
    feedback: str = "full",
    webhook_url: str = "",
    now: dt.datetime | None = None,
) -> Assessment:
    """A new assessment of ``challenges`` (slugs, in order, each one of ``known``). The window
    opens now unless told, and closes :data:`DEFAULT_WINDOW` after it opens unless told."""
    now = now or utcnow()
    title = title.strip()
    if not 1 <= len(title) <= TITLE_MAX:
        raise AssessmentError(f"a title is 1 to {TITLE_MAX} characters")
    if not challenges:
        raise AssessmentError("an assessment needs at least one challenge")
    if len(challenges) > MAX_CHALLENGES:
        raise AssessmentError(f"an assessment has at most {MAX_CHALLENGES} challenges")
    unknown = [slug for slug in challenges if slug not in known]
    if unknown:
        raise AssessmentError(f"no challenge named {unknown[0][:64]!r}", 404)
    if len(set(challenges)) != len(challenges):
        raise AssessmentError("a challenge appears twice in the assessment")
    if not MIN_DURATION_S <= duration_s <= MAX_DURATION_S:
        raise AssessmentError(
            f"the duration is {MIN_DURATION_S} s to {MAX_DURATION_S // 86400} days, "
            f"not {duration_s} s"
        )
    opens_at = _naive_utc(opens_at) or now
    try:
        closes_at = _naive_utc(closes_at) or opens_at + DEFAULT_WINDOW
    except OverflowError:  # opening in the year 9999
        raise AssessmentError("the window must close before the year 10000") from None
    if closes_at <= opens_at:
        raise AssessmentError("the window must close after it opens")
    if closes_at <= now:
        raise AssessmentError("the window must close in the future")
    if feedback not in FEEDBACK:
        raise AssessmentError(f"feedback is one of {', '.join(FEEDBACK)}, not {feedback[:32]!r}")
    if len(intro) > INTRO_MAX:
        raise AssessmentError(f"the intro is at most {INTRO_MAX} characters")
    if not _storable(title + intro):
        raise AssessmentError("the title and intro must be text: no NUL, no lone surrogate")
    webhook_url = check_webhook_url(webhook_url)
    assessment = Assessment(
        title=title,
        intro=intro,
        challenges=json.dumps(list(challenges)),
        duration_s=int(duration_s),
        opens_at=opens_at,
        closes_at=closes_at,
        feedback=feedback,
        webhook_url=webhook_url,
        created_at=now,
    )
    with db.session() as session:
        session.add(assessment)
        session.commit()
    return assessment


def check_webhook_url(url: str) -> str:
    """``url`` if it is an http(s) address (or empty: no webhook)."""
    url = url.strip()
    if not url:
        return ""
    try:
        parts = urlsplit(url)
        scheme, hostname, _ = parts.scheme, parts.hostname, parts.port
    except ValueError:  # an unclosed "[" of an IPv6 address, a port that is no number
        scheme, hostname = "", None
    # Printable only: a URL is never a place for control characters, nor for a NUL, which
    # PostgreSQL refuses in text.
    if (
        scheme not in ("http", "https")
        or not hostname
        or len(url) > 2000
        or not url.isprintable()
        or not _storable(url)
    ):
        raise AssessmentError("the webhook is an http:// or https:// URL")
    return url


def webhook_secret(secret_key: bytes, assessment_id: int) -> str:
    """The secret that signs the assessment's webhook deliveries (:mod:`judge.webhooks`),
    derived from the deployment's secret: nothing to store, the same on every worker, and one
    assessment's secret tells nothing of another's."""
    return hmac.new(secret_key, b"judge webhook %d" % assessment_id, hashlib.sha256).hexdigest()


def _storable(text: str) -> bool:
    """Whether ``text`` can be stored as text: no NUL (PostgreSQL refuses it) and no lone
    surrogate (which JSON may carry, and no database encodes)."""
    if "\x00" in text:
        return False
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _naive_utc(moment: dt.datetime | None) -> dt.datetime | None:
    """The database's times are naive UTC; an aware time is converted, a naive one is UTC."""
    if moment is None or moment.tzinfo is None:
        return moment
    return moment.astimezone(dt.UTC).replace(tzinfo=None)


def parse_time(text: str) -> dt.datetime:
    """An ISO 8601 time (``2026-12-24T09:00``, ``...Z``, ``...+01:00``); naive means UTC."""
    try:
        moment = dt.datetime.fromisoformat(text.strip())
        return _naive_utc(moment)  # type: ignore[return-value]
    except (ValueError, OverflowError):  # OverflowError: 9999-12-31T23:00-05:00 is past 9999
        raise AssessmentError(f"not an ISO 8601 time: {text[:40]!r}") from None


def get_assessment(db: Database, assessment_id: int) -> Assessment:
    found = None
    if 0 < assessment_id <= MAX_ID:  # a wider number is no key, and no database's integer
        with db.session() as session:
            found = session.get(Assessment, assessment_id)
    if found is None:
        raise AssessmentError(f"no assessment {assessment_id}", 404)
    return found


def list_assessments(db: Database) -> list[Assessment]:
    with db.session() as session:
        return list(session.scalars(select(Assessment).order_by(Assessment.id.desc())))


def challenge_slugs(assessment: Assessment) -> list[str]:
    return json.loads(assessment.challenges)


def invite(
    db: Database, assessment_id: int, name: str, email: str = "", now: dt.datetime | None = None
) -> tuple[Candidate, str]:
    """A candidate invited to the assessment, with their secret code (shown once: only its hash
    is kept). Refused once the window has closed."""
    now = now or utcnow()
    assessment = get_assessment(db, assessment_id)
    if assessment.closes_at <= now:
        raise AssessmentError("the assessment's window has closed: no one can be invited to it")
    name, email = name.strip(), email.strip()
    if not 1 <= len(name) <= NAME_MAX or not _storable(name):
        raise AssessmentError(f"a candidate's name is 1 to {NAME_MAX} characters")
    if len(email) > EMAIL_MAX or not _storable(email) or (email and "@" not in email):
        raise AssessmentError("the e-mail label is an address (name@host), or left out")
    code = secrets.token_urlsafe(24)
    # The candidate's own user: a name no operator can give (add_user wants a letter or digit
    # first) and a token that is never shown, so it cannot be used: the invitation is the key.
    user = User(name=f"~{secrets.token_hex(8)}", token_hash=hash_token(new_token()))
    with db.session() as session:
        session.add(user)
        session.flush()
        candidate = Candidate(
            assessment_id=assessment.id,
            user_id=user.id,
            name=name,
            email=email,
            code_hash=hash_token(code),
            created_at=now,
        )
        session.add(candidate)
        session.commit()
    return candidate, code


def revoke(db: Database, assessment_id: int, candidate_id: int) -> Candidate:
    """The candidate's link no longer opens, and their session ends with their next request.
    What they submitted stays in the report."""
    get_candidate(db, assessment_id, candidate_id)
    with db.session() as session:
        candidate = session.get(Candidate, candidate_id)
        assert candidate is not None
        if candidate.revoked_at is None:
            candidate.revoked_at = utcnow()
            session.commit()
        return candidate


def invite_link(base_url: str, code: str) -> str:
    """The candidate's personal link: the code in the fragment, which a browser never sends, so
    it reaches no server's log and no Referer (the /invite page's script posts it)."""
    return base_url.rstrip("/") + "/invite#" + code


def list_candidates(db: Database, assessment_id: int) -> list[Candidate]:
    with db.session() as session:
        query = select(Candidate).where(Candidate.assessment_id == assessment_id)
        return list(session.scalars(query.order_by(Candidate.id)))


def candidate_counts(db: Database) -> dict[int, int]:
    """How many candidates each assessment has (an assessment without any is absent)."""
    with db.session() as session:
        rows = session.execute(
            select(Candidate.assessment_id, func.count()).group_by(Candidate.assessment_id)
        ).all()
    return {assessment_id: count for assessment_id, count in rows}


def get_candidate(db: Database, assessment_id: int, candidate_id: int) -> Candidate:
    candidate = None
    if 0 < candidate_id <= MAX_ID:
        with db.session() as session:
            candidate = session.get(Candidate, candidate_id)
    if candidate is None or candidate.assessment_id != assessment_id:
        raise AssessmentError(f"no candidate {candidate_id} in assessment {assessment_id}", 404)
    return candidate


# ---------------------------------------------------------------- the candidate's side


def redeem(db: Database, code: str, now: dt.datetime | None = None) -> Candidate:
    """The candidate whose invitation ``code`` is. Refused (401) for a wrong, revoked or expired
    code, in the same words for a wrong one and a revoked one (the code is a secret: no answer
    says whether one was ever given)."""
    now = now or utcnow()
    digest = hash_token(code.strip()) if code.strip() else ""
    with db.session() as session:
        candidate = session.scalar(select(Candidate).where(Candidate.code_hash == digest))
        # The lookup is by hash; the comparison is still constant-time, whatever an index does.
        valid = candidate is not None and hmac.compare_digest(candidate.code_hash, digest)
        if not valid or candidate is None or candidate.revoked_at is not None:
            raise AssessmentError("this invitation code is not valid", 401)
        assessment = session.get(Assessment, candidate.assessment_id)
        assert assessment is not None
        if assessment.closes_at <= now and candidate.started_at is None:
            raise AssessmentError(
                "this invitation expired when the assessment closed, "
                + _words(assessment.closes_at),
                401,
            )
        if candidate.opened_at is None:
            candidate.opened_at = now
            session.commit()
        return candidate


def candidate_of(db: Database, user: User | None) -> Candidate | None:
    """The candidate ``user`` works as, if any (a revoked one too: see :func:`active`)."""
    if user is None:
        return None
    with db.session() as session:
        return session.scalar(select(Candidate).where(Candidate.user_id == user.id))


def is_private(db: Database, submission: Submission) -> bool:
    """Whether ``submission`` is a candidate's: seen by its candidate and the operators only."""
    with db.session() as session:
        query = select(Candidate.id).where(Candidate.user_id == submission.user_id)
        return session.scalar(query) is not None


def deadline(candidate: Candidate, assessment: Assessment) -> dt.datetime | None:
    """When the candidate's time is up: their start plus the duration, or the window's close
    if that is sooner. ``None`` before they start."""
    if candidate.started_at is None:
        return None
    own = candidate.started_at + dt.timedelta(seconds=assessment.duration_s)
    return min(own, assessment.closes_at)


@dataclasses.dataclass(frozen=True)
class Clock:
    """Where a candidate stands, on the server's clock."""

    state: str  # not_open, ready, in_progress, finished, expired, revoked
    deadline: dt.datetime | None
    seconds_left: float | None

    @property
    def working(self) -> bool:
        return self.state == "in_progress"


def clock(candidate: Candidate, assessment: Assessment, now: dt.datetime | None = None) -> Clock:
    now = now or utcnow()
    ends = deadline(candidate, assessment)
    if candidate.revoked_at is not None:
        return Clock("revoked", ends, None)
    if candidate.finished_at is not None or (ends is not None and ends <= now):
        return Clock("finished", ends, 0.0)
    if ends is not None:
        return Clock("in_progress", ends, (ends - now).total_seconds())
    if assessment.closes_at <= now:
        return Clock("expired", None, None)
    if assessment.opens_at > now:
        return Clock("not_open", None, None)
    return Clock("ready", None, None)


def _with_assessment(session: Any, candidate_id: int) -> tuple[Candidate, Assessment]:
    candidate = session.get(Candidate, candidate_id)
    assert candidate is not None
    assessment = session.get(Assessment, candidate.assessment_id)
    assert assessment is not None
    return candidate, assessment


def start(db: Database, candidate_id: int, now: dt.datetime | None = None) -> Candidate:
    """Start the candidate's clock, once: a second start (another tab) changes nothing."""
    now = now or utcnow()
    with db.session() as session:
        candidate, assessment = _with_assessment(session, candidate_id)
        state = clock(candidate, assessment, now).state
        if state == "not_open":
            raise AssessmentError(f"the assessment opens {_words(assessment.opens_at)}", 409)
        if state in ("expired", "revoked"):
            raise AssessmentError(f"the assessment can no longer be started ({state})", 409)
        if state == "ready":
            # Only the row that is still unstarted: two tabs starting at once start it once.
            session.execute(
                update(Candidate)
                .where(Candidate.id == candidate_id, Candidate.started_at.is_(None))
                .values(started_at=now)
            )
            session.commit()
        session.refresh(candidate)
        return candidate


def finish(db: Database, candidate_id: int, now: dt.datetime | None = None) -> bool:
    """The candidate says they are done: their time ends now. ``False`` if it had already."""
    now = now or utcnow()
    with db.session() as session:
        candidate, assessment = _with_assessment(session, candidate_id)
        if not clock(candidate, assessment, now).working:
            return False
        changed = session.execute(
            update(Candidate)
            .where(Candidate.id == candidate_id, Candidate.finished_at.is_(None))
            .values(finished_at=now, finish_reason="finished")
        ).rowcount  # type: ignore[attr-defined]
        if changed:
            _queue_webhook(session, assessment, "candidate.finished", candidate_id, now)
        session.commit()
        return bool(changed)


def work_refusal(db: Database, user: User, slug: str, now: dt.datetime | None = None) -> str | None:
    """Why ``user`` may not save, run or submit code for challenge ``slug`` now, or ``None``.
    A user who is no candidate is never refused here; a candidate only on their assessment's
    challenges, between their start and their deadline."""
    candidate = candidate_of(db, user)
    if candidate is None:
        return None
    assessment = get_assessment(db, candidate.assessment_id)
    if slug not in challenge_slugs(assessment):
        return f"{slug[:64]!r} is not one of this assessment's challenges"
    where = clock(candidate, assessment, now)
    if where.state == "ready" or where.state == "not_open":
        return "the assessment has not started: press Start on its page first"
    if where.state == "revoked":
        return "this invitation was revoked"
    if where.state in ("finished", "expired"):
        ended = where.deadline if candidate.finish_reason != "finished" else candidate.finished_at
        when = f" at {_words(ended)}" if ended else ""
        return f"time is up: the assessment ended{when}; what you submitted before is recorded"
    return None


def _words(moment: dt.datetime | None) -> str:
    return "" if moment is None else moment.strftime("%Y-%m-%d %H:%M:%S UTC")


def feedback_view(view: dict[str, Any], policy: str) -> dict[str, Any]:
    """A submission's view as its candidate may see it under the assessment's ``policy``:
    ``full`` as it is; ``verdicts`` without any message, output or timing; ``none`` only that it
    was received (no verdict at all)."""
    if policy == "full":
        return view
    shown = dict(view, message="", log="", flagged=False, flag_reason="", score=None)
    shown.update(median_ms=None, reference_ms=None, run_ms=None)
    if policy == "verdicts":
        shown["cases"] = [
            dict(case, message="", time_ms=None, memory_kb=None, timing=None)
            for case in view["cases"]
        ]
        return shown
    shown["cases"] = []
    shown["status"] = "received"
    return shown


#: What a progress event may say under the ``verdicts`` policy: where the judging is, and the
#: verdict; no message, time or output.
_PROGRESS_KEYS = {"id", "status", "case", "cases_total", "case_name", "phase", "final"}
_PROGRESS_KEYS |= {"queue_position", "requeued"}


def feedback_event(event: dict[str, Any], policy: str) -> dict[str, Any]:
    """A live progress event as a candidate may see it under ``policy`` (see
    :func:`feedback_view`): under ``none``, only that it was received, and nothing more."""
    if policy == "full":
        return event
    if policy == "verdicts":
        return {k: v for k, v in event.items() if k in _PROGRESS_KEYS}
    return {"id": event.get("id"), "status": "received", "final": True}


# ---------------------------------------------------------------- the sweeper's part


def settle(db: Database, now: dt.datetime | None = None) -> list[str]:
    """Record what the clock has ended: each candidate whose time is up (finished at their
    deadline) and each assessment whose window has closed, queueing their webhook summaries.
    Returns what it recorded, for the log. Every worker's sweeper calls it: each change lands
    once (a conditional update), and only the one that landed it queues the summary."""
    now = now or utcnow()
    done: list[str] = []
    with db.session() as session:
        running = session.execute(
            select(Candidate, Assessment)
            .join(Assessment, Assessment.id == Candidate.assessment_id)
            .where(Candidate.started_at.is_not(None), Candidate.finished_at.is_(None))
        ).all()
        for candidate, assessment in running:
            ends = deadline(candidate, assessment)
            if ends is None or ends > now:
                continue
            changed = session.execute(
                update(Candidate)
                .where(Candidate.id == candidate.id, Candidate.finished_at.is_(None))
                .values(finished_at=ends, finish_reason="time_up")
            ).rowcount  # type: ignore[attr-defined]
            if changed:
                _queue_webhook(session, assessment, "candidate.finished", candidate.id, now)
                done.append(f"candidate {candidate.id}'s time is up")
        closing = session.scalars(
            select(Assessment).where(Assessment.closes_at <= now, Assessment.closed_at.is_(None))
        ).all()
        for assessment in closing:
            changed = session.execute(
                update(Assessment)
                .where(Assessment.id == assessment.id, Assessment.closed_at.is_(None))
                .values(closed_at=now)
            ).rowcount  # type: ignore[attr-defined]
            if changed:
                _queue_webhook(session, assessment, "assessment.closed", None, now)
                done.append(f"assessment {assessment.id}'s window closed")
        session.commit()
    return done


def _queue_webhook(
    session: Any, assessment: Assessment, event: str, candidate_id: int | None, now: dt.datetime
) -> None:
    if assessment.webhook_url:
        session.add(
            WebhookDelivery(
                assessment_id=assessment.id,
                candidate_id=candidate_id,
                event=event,
                created_at=now,
                next_at=now,
            )
        )


def in_flight(db: Database, candidate: Candidate) -> int:
    """How many of the candidate's submissions are still being judged."""
    with db.session() as session:
        query = select(Submission.id).where(
            Submission.user_id == candidate.user_id, Submission.status.in_(IN_FLIGHT)
        )
        return len(session.scalars(query).all())


# ---------------------------------------------------------------- the report

#: Verdicts from best to worst, for a candidate's best on a challenge: accepted first, then
#: what came nearest (a wrong answer ran; a compile error did not).
_RANK = {
    Verdict.ACCEPTED.value: 0,
    Verdict.TIME_LIMIT_EXCEEDED.value: 1,
    Verdict.MEMORY_LIMIT_EXCEEDED.value: 1,
    Verdict.WRONG_ANSWER.value: 2,
    Verdict.OUTPUT_LIMIT_EXCEEDED.value: 2,
    Verdict.RUNTIME_ERROR.value: 3,
    Verdict.INVALID_SUBMISSION.value: 4,
    Verdict.INTERNAL_ERROR.value: 5,
}


def verdict_rank(verdict: str) -> int:
    """Where a best verdict stands, 0 (accepted) first: the report's order of verdicts."""
    return _RANK.get(verdict, len(_RANK))


def report(db: Database, assessment_id: int, now: dt.datetime | None = None) -> dict[str, Any]:
    """The reviewer's report: the assessment, and per candidate their state, times and, per
    challenge, the best verdict, its score, the attempts and when the first accepted one came."""
    now = now or utcnow()
    assessment = get_assessment(db, assessment_id)
    slugs = challenge_slugs(assessment)
    candidates = list_candidates(db, assessment_id)
    with db.session() as session:
        rows = session.scalars(
            select(Submission)
            .where(Submission.user_id.in_([c.user_id for c in candidates]))
            .order_by(Submission.created_at, Submission.id)
        ).all()
    by_user: dict[int, list[Submission]] = {}
    for row in rows:
        by_user.setdefault(row.user_id, []).append(row)
    return {
        "assessment": assessment_view(assessment),
        "candidates": [
            _candidate_row(c, assessment, slugs, by_user.get(c.user_id, []), now)
            for c in candidates
        ],
    }


def assessment_view(assessment: Assessment) -> dict[str, Any]:
    return {
        "id": assessment.id,
        "title": assessment.title,
        "intro": assessment.intro,
        "challenges": challenge_slugs(assessment),
        "duration_s": assessment.duration_s,
        "opens_at": _iso(assessment.opens_at),
        "closes_at": _iso(assessment.closes_at),
        "feedback": assessment.feedback,
        "webhook_url": assessment.webhook_url,
        "created_at": _iso(assessment.created_at),
        "closed": assessment.closed_at is not None,
    }


def candidate_view(candidate: Candidate, assessment: Assessment, now: dt.datetime | None = None):
    where = clock(candidate, assessment, now)
    ends = candidate.finished_at or where.deadline
    used = None
    if candidate.started_at is not None:
        until = min(ends, now or utcnow()) if ends else (now or utcnow())
        used = max(0.0, (until - candidate.started_at).total_seconds())
    return {
        "id": candidate.id,
        "name": candidate.name,
        "email": candidate.email,
        "state": where.state,
        "opened_at": _iso(candidate.opened_at),
        "started_at": _iso(candidate.started_at),
        "finished_at": _iso(ends if where.state == "finished" else None),
        "finish_reason": candidate.finish_reason
        or ("time_up" if where.state == "finished" else ""),
        "time_used_s": None if used is None else round(used, 1),
        "revoked": candidate.revoked_at is not None,
    }


def _candidate_row(
    candidate: Candidate,
    assessment: Assessment,
    slugs: list[str],
    submissions: list[Submission],
    now: dt.datetime,
) -> dict[str, Any]:
    row = candidate_view(candidate, assessment, now)
    row["challenges"] = {slug: _best(slug, submissions, candidate) for slug in slugs}
    row["solved"] = sum(1 for c in row["challenges"].values() if c["verdict"] == "accepted")
    return row


def _best(slug: str, submissions: list[Submission], candidate: Candidate) -> dict[str, Any]:
    mine = [s for s in submissions if s.challenge == slug]
    accepted = [s for s in mine if s.status == Verdict.ACCEPTED.value]
    judged = [s for s in mine if s.status not in IN_FLIGHT]
    best = None
    if accepted:
        # The fastest believable one; an unscored accepted one only when none is scored.
        scored = [s for s in accepted if s.score is not None and not s.flagged]
        best = min(scored, key=lambda s: s.score or 0.0) if scored else accepted[0]
    elif judged:
        best = min(judged, key=lambda s: (_RANK.get(s.status, 9), -s.id))
    first = accepted[0] if accepted else None
    after = None
    if first is not None and candidate.started_at is not None:
        after = round((first.created_at - candidate.started_at).total_seconds(), 1)
    verdict = best.status if best else ("judging" if mine else "")
    return {
        "verdict": verdict,
        "score": best.score if best is not None and not best.flagged else None,
        "submission": best.id if best else None,
        "attempts": len(mine),
        "judging": len(mine) - len(judged),
        "first_accepted_at": _iso(first.created_at) if first else None,
        "first_accepted_after_s": after,
    }


CSV_COLUMNS = ("verdict", "score", "attempts", "first accepted (min)")


def report_csv(data: dict[str, Any]) -> str:
    """The report as CSV: one row per candidate, four columns per challenge."""
    slugs = data["assessment"]["challenges"]
    out = io.StringIO()
    writer = csv.writer(out)
    head = ["candidate", "email", "state", "started_at", "finished_at", "time_used_min", "solved"]
    for slug in slugs:
        head += [
            f"{slug} verdict",
            f"{slug} score",
            f"{slug} attempts",
            f"{slug} first accepted (min)",
        ]
    writer.writerow(head)
    for row in data["candidates"]:
        used = row["time_used_s"]
        line = [
            _cell(row["name"]),
            _cell(row["email"]),
            row["state"],
            row["started_at"] or "",
            row["finished_at"] or "",
            "" if used is None else f"{used / 60:.1f}",
            row["solved"],
        ]
        for slug in slugs:
            best = row["challenges"][slug]
            after = best["first_accepted_after_s"]
            line += [
                best["verdict"],
                "" if best["score"] is None else f"{best['score']:.3f}",
                best["attempts"],
                "" if after is None else f"{after / 60:.1f}",
            ]
        writer.writerow(line)
    return out.getvalue()


def _cell(text: str) -> str:
    """A name as a spreadsheet shows it, never as a formula it runs (CSV injection): a leading
    =, +, - or @ is quoted away."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def timeline(db: Database, candidate: Candidate, assessment: Assessment) -> list[dict[str, Any]]:
    """What the candidate did, in order: opened, started, each example run and submission, end."""
    events: list[tuple[dt.datetime, str, str, int | None]] = []
    if candidate.opened_at:
        events.append((candidate.opened_at, "opened", "opened the invitation", None))
    if candidate.started_at:
        events.append((candidate.started_at, "started", "started the clock", None))
    with db.session() as session:
        runs = session.execute(
            select(
                ExampleRunRow.id,
                ExampleRunRow.created_at,
                ExampleRunRow.challenge,
                ExampleRunRow.status,
            ).where(ExampleRunRow.user_id == candidate.user_id)
        ).all()
        subs = session.execute(
            select(
                Submission.id, Submission.created_at, Submission.challenge, Submission.status
            ).where(Submission.user_id == candidate.user_id)
        ).all()
    for run_id, at, slug, status in runs:
        events.append((at, "examples", f"ran the examples of {slug}: {status}", run_id))
    for sub_id, at, slug, status in subs:
        events.append((at, "submission", f"submitted {slug}: {status}", sub_id))
    where = clock(candidate, assessment)
    if where.state == "finished":
        ends = candidate.finished_at or where.deadline
        why = "finished" if candidate.finish_reason == "finished" else "time ran out"
        if ends:
            events.append((ends, "ended", why, None))
    if candidate.revoked_at:
        events.append((candidate.revoked_at, "revoked", "the invitation was revoked", None))
    events.sort(key=lambda e: (e[0], e[1] == "ended"))
    return [
        {"at": _iso(at), "kind": kind, "what": what, "id": ref} for at, kind, what, ref in events
    ]


def candidate_submissions(db: Database, candidate: Candidate) -> list[Submission]:
    """The candidate's submissions, oldest first, each with its cases and user loaded (for
    the reviewer, who reads them all)."""
    with db.session() as session:
        query = (
            select(Submission)
            .where(Submission.user_id == candidate.user_id)
            .options(selectinload(Submission.cases), selectinload(Submission.user))
            .order_by(Submission.created_at, Submission.id)
        )
        return list(session.scalars(query))


def webhook_deliveries(db: Database, assessment_id: int) -> list[dict[str, Any]]:
    """The assessment's webhook summaries, newest first: what was sent, what failed and why,
    and when the next try is, so that the operator sees a failing webhook."""
    with db.session() as session:
        rows = session.scalars(
            select(WebhookDelivery)
            .where(WebhookDelivery.assessment_id == assessment_id)
            .order_by(WebhookDelivery.id.desc())
        ).all()
    return [
        {
            "id": row.id,
            "event": row.event,
            "candidate_id": row.candidate_id,
            "status": row.status,
            "attempts": row.attempts,
            "last_error": row.last_error,
            "created_at": _iso(row.created_at),
            "next_at": _iso(row.next_at) if row.status == "pending" else None,
            "delivered_at": _iso(row.delivered_at),
        }
        for row in rows
    ]


def _iso(moment: dt.datetime | None) -> str | None:
    return None if moment is None else moment.replace(tzinfo=dt.UTC).isoformat()
