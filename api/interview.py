"""The candidate's pages: an assessment taken in the browser, and nothing else on their side.

- ``/invite``: the personal link is ``/invite#<code>``. The code sits in the fragment, which a
  browser never sends: it reaches no server log, no proxy's, no Referer. The page's script
  posts it (``POST /invite``, with the form's CSRF token); a candidate without the script
  pastes it. A valid code logs the browser in as the candidate (the session cookie), and the
  code is not needed again on that browser.
- ``/interview``: the intro, the challenges and the duration; **Start** starts the clock (the
  server's); then the time left (the page's script counts it down from the server's figure and
  warns at 10 and 2 minutes), and **Finish**. Once the time is up, what was recorded.
- ``/interview/<slug>``: the challenge's statement and the workspace (``api.workspace``'s
  routes: the draft, Run examples, Submit), read-only once the time is up. The server refuses
  a save, a run or a submission after the deadline (``api.auth.check_may_work``) whatever the
  page does.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, redirect, render_template, request, session, url_for

from api.auth import services
from api.page_session import check_csrf_form, viewer, viewer_candidate
from api.pages import render_statement
from judge import assessment_clock, assessments, candidates
from judge.assessment_clock import clock
from judge.assessment_feedback import feedback_view
from judge.assessments import AssessmentError, challenge_slugs
from judge.errors import UnknownChallenge
from judge.storage import Candidate, User
from judge.submissions import user_submissions

bp = Blueprint("interview", __name__)


@bp.get("/invite")
def invite():
    return render_template("invite.html", error=""), 200, _private()


@bp.post("/invite")
def redeem():
    check_csrf_form()
    try:
        candidate = candidates.redeem(services().db, request.form.get("code", ""))
    except AssessmentError as exc:
        return render_template("invite.html", error=str(exc)), exc.status, _private()
    session.clear()  # whoever was logged in on this browser, it is the candidate now
    session["user_id"] = candidate.user_id
    return redirect(url_for("interview.overview"), code=303)


@bp.get("/interview")
def overview():
    candidate, assessment = _candidate()
    where = clock(candidate, assessment)
    return render_template(
        "interview.html",
        assessment=assessment,
        intro=render_statement(assessment.intro) if assessment.intro.strip() else "",
        where=where,
        challenges=[_challenge_row(candidate, assessment, slug) for slug in _slugs(assessment)],
        feedback_words=assessments.FEEDBACK[assessment.feedback],
    )


@bp.post("/interview/start")
def start():
    check_csrf_form()
    candidate, _ = _candidate()
    try:
        assessment_clock.start(services().db, candidate.id)
    except AssessmentError as exc:
        abort(exc.status, str(exc))
    return redirect(url_for("interview.overview"), code=303)


@bp.post("/interview/finish")
def finish():
    check_csrf_form()
    candidate, _ = _candidate()
    assessment_clock.finish(services().db, candidate.id)
    return redirect(url_for("interview.overview"), code=303)


@bp.get("/interview/<slug>")
def workspace(slug: str):
    candidate, assessment = _candidate()
    if slug not in challenge_slugs(assessment):
        abort(404, f"{slug[:64]!r} is not one of this assessment's challenges")
    where = clock(candidate, assessment)
    if where.state in ("ready", "not_open", "expired"):
        # The statements are part of the assessment: seen from Start on, not before.
        return redirect(url_for("interview.overview"), code=303)
    try:
        challenge = services().challenges.get(slug)
    except UnknownChallenge:
        abort(404, f"the challenge {slug[:64]!r} is no longer on this judge; tell the team")
    return render_template(
        "interview_challenge.html",
        assessment=assessment,
        challenge=challenge,
        statement=render_statement(challenge.statement),
        where=where,
        read_only=not where.working,
        recorded=_recorded(candidate, assessment, slug),
        position=_slugs(assessment).index(slug) + 1,
        count=len(_slugs(assessment)),
    )


def _candidate() -> tuple[Candidate, Any]:
    """The candidate this browser is logged in as, and their assessment; a page saying to open
    the personal link otherwise."""
    user, candidate = viewer(), viewer_candidate()
    if candidate is None:
        if user is not None:
            abort(403, "these pages are an assessment's candidates': you are logged in as a user")
        abort(401, "open your personal invitation link to take your assessment")
    return candidate, assessments.get_assessment(services().db, candidate.assessment_id)


def _slugs(assessment: Any) -> list[str]:
    return challenge_slugs(assessment)


def _title(slug: str) -> str:
    try:
        return services().challenges.get(slug).title
    except UnknownChallenge:
        return slug


def _challenge_row(candidate: Candidate, assessment: Any, slug: str) -> dict[str, Any]:
    recorded = _recorded(candidate, assessment, slug)
    return {
        "slug": slug,
        "title": _title(slug),
        "submissions": len(recorded),
        "last": recorded[0] if recorded else None,
    }


def _recorded(candidate: Candidate, assessment: Any, slug: str) -> list[dict[str, Any]]:
    """The candidate's submissions of ``slug``, newest first, each as the feedback policy lets
    them see it."""
    with services().db.session() as db_session:
        user = db_session.get(User, candidate.user_id)
    rows = user_submissions(services().db, user, slug, limit=200)
    shown = []
    for row in rows:
        status = feedback_view({"status": row.status, "cases": []}, assessment.feedback)
        shown.append({"id": row.id, "status": status["status"], "created_at": row.created_at})
    return shown


def _private() -> dict[str, str]:
    """The invitation page is never cached nor kept: it is where a secret is typed."""
    return {"Cache-Control": "no-store"}
