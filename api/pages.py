"""The HTML pages: home, challenge, submission, user; server-rendered, readable without
JavaScript. One small script (``static/judge.js``) copies the starter code and follows a
submission live. Jinja escapes everything a user wrote; the statement's Markdown is rendered
with raw HTML off."""

from __future__ import annotations

import math
from typing import Any

from flask import (
    Blueprint,
    abort,
    jsonify,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from markdown_it import MarkdownIt
from markupsafe import Markup
from sqlalchemy import select

from api.auth import services
from api.page_session import check_csrf_form, csrf_token, viewer, viewer_candidate
from api.runtime_plot import runtime_plot
from api.views import list_submissions, submission_view
from judge.assessment_feedback import feedback_event, feedback_view
from judge.assessments import get_assessment
from judge.candidates import candidate_of
from judge.challenges import DIFFICULTIES
from judge.errors import UnknownChallenge
from judge.standings import (
    challenge_stats,
    global_standings,
    leaderboard,
    runtime_distribution,
    user_standing,
)
from judge.storage import Candidate, User
from judge.submissions import get_submission, queue_position
from judge.timing import CPU_CLOCK, OUTSIDE_CLOCK, stored_median_ms
from judge.users import authenticate
from judge.verdicts import IN_FLIGHT, Verdict
from workers.queue import latest_progress

bp = Blueprint("pages", __name__)
# CommonMark without raw HTML: a statement's "<script>" is shown as text.
MARKDOWN = MarkdownIt("commonmark", {"html": False, "linkify": False}).enable("table")


@bp.app_template_filter("ms")
def _ms(value: float | None) -> str:
    return "" if value is None else f"{value:.2f}"


@bp.app_template_filter("score")
def _score(value: float | None) -> str:
    return "" if value is None else f"{value:.3f}"


@bp.app_template_filter("percent")
def _percent(value: float | None) -> str:
    return "-" if value is None else f"{100 * value:.0f}%"


@bp.app_context_processor
def _viewer() -> dict[str, Any]:
    # A function: only a page with a form makes (and stores in the cookie) a CSRF token.
    return {"viewer": viewer(), "candidate": viewer_candidate(), "csrf_token": csrf_token}


@bp.app_context_processor
def _vocabulary() -> dict[str, Any]:
    """The statuses' one spelling, for the templates to compare with."""
    return {"Verdict": Verdict}


# ---------------------------------------------------------------- pages


@bp.get("/")
def home():
    """The catalogue grouped by topic, easiest first; ``?topic=`` and ``?difficulty=`` narrow
    it (links on the page), then the global leaderboard."""
    everything = services().challenges.catalogue()
    topic = request.args.get("topic") or None
    difficulty = request.args.get("difficulty") or None
    stats = challenge_stats(services().db)
    chosen = services().challenges.catalogue(topic, difficulty)
    return render_template(
        "home.html",
        challenges=[(c, stats.get(c.slug)) for c in chosen],
        topics=list(dict.fromkeys(c.topic for c in everything)),
        difficulties=DIFFICULTIES,
        topic=topic,
        difficulty=difficulty,
        standings=global_standings(services().db),
    )


@bp.get("/challenges/<slug>")
def challenge(slug: str):
    try:
        found = services().challenges.get(slug)
    except UnknownChallenge:
        abort(404, f"no challenge named {slug[:64]!r}")
    board = leaderboard(services().db, found.slug)
    clock = CPU_CLOCK if found.device == "cpu" else OUTSIDE_CLOCK
    plotted = clock
    distribution = runtime_distribution(services().db, found.slug, clock)
    if not distribution.medians_ms and clock != OUTSIDE_CLOCK:
        # Scores timed before their clock was stored: their outside times, labelled as such.
        plotted = OUTSIDE_CLOCK
        distribution = runtime_distribution(services().db, found.slug, plotted)
    return render_template(
        "challenge.html",
        challenge=found,
        statement=render_statement(found.statement),
        board=board,
        clock=clock,
        plot=runtime_plot(distribution, plotted),
    )


def render_statement(text: str) -> Markup:
    """The statement as HTML, without its own title (the page has it). Markdown with raw HTML
    off: whatever the text holds comes out escaped."""
    lines = text.lstrip().splitlines()
    if lines and lines[0].startswith("# "):
        lines = lines[1:]
    return Markup(MARKDOWN.render("\n".join(lines)))


@bp.get("/submissions/<int:submission_id>")
def submission(submission_id: int):
    return render_template("submission.html", **_submission_context(submission_id))


@bp.get("/submissions/<int:submission_id>/live")
def submission_live(submission_id: int):
    """The part of the submission page that changes, for the page's script to swap in."""
    return render_template("live.html", **_submission_context(submission_id))


@bp.get("/submissions/<int:submission_id>/events")
def submission_events(submission_id: int):
    """The live events of a submission only its candidate and the operators may follow (an
    assessment's): the API's stream (``/api/v1/submissions/<id>/events``) trimmed to what the
    asker may see. 404 for anyone else; 503 when no stream can be opened now (the page polls)."""
    from api.submissions import submission_stream

    found, _, policy = _visible_submission(submission_id)
    shown = None if policy is None else lambda event: feedback_event(event, policy)
    response = submission_stream(found.id, shown)
    if response is None:
        return jsonify(error="no live stream now: reload the page"), 503
    return response


def _visible_submission(submission_id: int) -> tuple[Any, Candidate | None, str | None]:
    """The submission, if the viewer may see it, with its candidate (an assessment's
    submission: its candidate and the operators only; 404 for anyone else) and the feedback
    policy the viewer sees it under (``None``: everything)."""
    found = get_submission(services().db, submission_id)
    if found is None:
        abort(404, f"no submission {submission_id}")
    candidate = candidate_of(services().db, found.user)
    if candidate is None:
        return found, None, None
    user = viewer()
    if user is not None and user.is_admin:
        return found, candidate, None
    if user is None or user.id != found.user_id:
        abort(404, f"no submission {submission_id}")
    return found, candidate, get_assessment(services().db, candidate.assessment_id).feedback


def _submission_context(submission_id: int) -> dict[str, Any]:
    found, candidate, policy = _visible_submission(submission_id)
    user = viewer()
    owner = user is not None and (user.id == found.user_id or user.is_admin)
    view = submission_view(found, with_source=owner)
    if candidate is not None:
        view["user"] = candidate.name
    if policy is not None:
        view = feedback_view(view, policy)
    hidden = policy == "none"  # nothing of the judging is shown: not even that it is running
    running = found.status == Verdict.RUNNING and not hidden
    progress = latest_progress(services().redis, found.id) if running else None
    return {
        "s": view,
        "progress": progress,
        "position": None if hidden else _queue_position(found),
        "final": found.status not in IN_FLIGHT or hidden,
        "case_ms": {c["name"]: _case_ms(c, view["clock"]) for c in view["cases"]},
        "messages": grouped_messages(view["cases"], view["message"]),
        "standing": None if candidate else _standing(view),
        "private": candidate is not None,
        "events_url": url_for(
            "pages.submission_events" if candidate else "submissions.events",
            submission_id=found.id,
        ),
    }


def _queue_position(found: Any) -> int | None:
    """Where a queued submission stands in its queue (the CLI says the same)."""
    if found.status != Verdict.QUEUED:
        return None
    challenges = services().challenges
    try:
        device = challenges.get(found.challenge).device
    except UnknownChallenge:
        device = "cpu"
    same_queue = [c.slug for c in challenges.all() if c.device == device]
    return queue_position(services().db, found, same_queue)


def _case_ms(case: dict[str, Any], clock: str) -> float | None:
    """A case's time as the page shows it: a benchmark case's median run on the score's clock
    (what its score is made of), any other case's run as the runner timed it."""
    shown = stored_median_ms(case["timing"], clock) if case["timing"] else None
    return case["time_ms"] if shown is None else shown


def grouped_messages(cases: list[dict[str, Any]], summary: str) -> dict[str, str]:
    """Each message that several cases share, with where the page prints it once (the cases
    point there: 15 cases failing alike is one message). The submission's own message already
    quotes its first failing case's: that one stays there (``"summary"``); the others are
    numbered (``"message-1"``, ...) in order of first appearance."""
    counts: dict[str, int] = {}
    for case in cases:
        if case["message"]:
            counts[case["message"]] = counts.get(case["message"], 0) + 1
    places: dict[str, str] = {}
    numbered = 0
    for message in (m for m, count in counts.items() if count > 1):
        if summary == message or summary.endswith(f": {message}"):
            places[message] = "summary"
        else:
            numbered += 1
            places[message] = f"message-{numbered}"
    return places


def _standing(view: dict[str, Any]) -> dict[str, Any] | None:
    """A scored submission's place: its rank on the challenge's leaderboard, or the submission
    of the same user that stands there instead; ``None`` when unscored."""
    if view["score"] is None or view["flagged"]:
        return None
    # The whole board, not the page's best 100: a rank past them, and "of N", must be true.
    board = leaderboard(services().db, view["challenge"], limit=math.inf)
    mine = next((row for row in board if row["user"] == view["user"]), None)
    return {
        "rank": mine["rank"] if mine and mine["submission"] == view["id"] else None,
        "best": mine,
        "of": len(board),
    }


@bp.get("/users/<path:name>")  # path: a name from elsewhere may hold a "/"
def user(name: str):
    # No stored name holds a NUL (PostgreSQL refuses one in text), nor is this long.
    known = len(name) <= 256 and "\x00" not in name
    standing = user_standing(services().db, name) if known else None
    if standing is None:
        abort(404, f"no user named {name[:64]!r}")
    with services().db.session() as db_session:
        found = db_session.scalar(select(User).where(User.name == name))
    recent = list_submissions(services().db, found, limit=RECENT) if found else []
    return render_template("user.html", standing=standing, recent=recent, recent_limit=RECENT)


#: The submissions a user page lists, newest first: every verdict, so that a failed one is
#: a click away.
RECENT = 50


@bp.route("/login", methods=["GET", "POST"])
def login():
    """Paste an API token to see one's own sources; a signed, HTTP-only cookie remembers it."""
    error = ""
    if request.method == "POST":
        check_csrf_form()
        found = authenticate(services().db, request.form.get("token", "").strip())
        if found is not None:
            session.clear()
            session["user_id"] = found.id
            return redirect(url_for("pages.user", name=found.name), code=303)
        error = "that token is not valid"
    return render_template("login.html", error=error), 401 if error else 200


@bp.post("/logout")
def logout():
    check_csrf_form()
    session.clear()
    return redirect(url_for("pages.home"), code=303)


def page_error(code: int, message: str):
    return render_template("error.html", code=code, message=message), code


def is_page(path: str) -> bool:
    return not (path.startswith(("/api/", "/static/")) or path in ("/healthz", "/metrics"))
