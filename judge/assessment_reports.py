"""The reviewer's side of an assessment (:mod:`judge.assessments`): the report (per candidate,
their state, times and best verdict on each challenge), its CSV, a candidate's timeline and
submissions, the webhook's deliveries, and the views of assessments and candidates that the API
and pages show.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from judge.assessment_clock import clock
from judge.assessments import challenge_slugs, get_assessment
from judge.candidates import list_candidates
from judge.storage import (
    Assessment,
    Candidate,
    Database,
    ExampleRunRow,
    Submission,
    WebhookDelivery,
    utcnow,
)
from judge.verdicts import IN_FLIGHT, Verdict

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
