"""The HTML pages: home, challenge, submission, user; server-rendered, readable without
JavaScript. One small script (``static/judge.js``) copies the starter code and follows a
submission live. Jinja escapes everything a user wrote; the statement's Markdown is rendered
with raw HTML off."""

from __future__ import annotations

import hmac
import math
import secrets
from typing import Any

from flask import (
    Blueprint,
    abort,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from markdown_it import MarkdownIt
from markupsafe import Markup

from api.auth import services
from api.views import submission_view
from judge.challenges import DIFFICULTIES
from judge.errors import UnknownChallenge
from judge.standings import (
    challenge_stats,
    global_standings,
    leaderboard,
    runtime_distribution,
    user_standing,
)
from judge.storage import User
from judge.submissions import get_submission
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
    return {"viewer": viewer(), "csrf_token": csrf_token}


@bp.app_context_processor
def _vocabulary() -> dict[str, Any]:
    """The statuses' one spelling, for the templates to compare with."""
    return {"Verdict": Verdict}


def viewer() -> User | None:
    """The user logged in to the pages (a token pasted into /login), if any."""
    user_id = session.get("user_id")
    if user_id is None:
        return None
    with services().db.session() as db_session:
        return db_session.get(User, user_id)


def csrf_token() -> str:
    if "csrf" not in session:
        session["csrf"] = secrets.token_urlsafe(24)
    return session["csrf"]


def _check_csrf() -> None:
    sent, expected = request.form.get("csrf", ""), session.get("csrf", "")
    if not expected or not hmac.compare_digest(sent.encode(), expected.encode()):
        abort(400, "the form expired; reload the page and try again")


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
    distribution = runtime_distribution(services().db, found.slug)
    return render_template(
        "challenge.html",
        challenge=found,
        statement=render_statement(found.statement),
        board=board,
        plot=runtime_plot(distribution),
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


def _submission_context(submission_id: int) -> dict[str, Any]:
    found = get_submission(services().db, submission_id)
    if found is None:
        abort(404, f"no submission {submission_id}")
    user = viewer()
    owner = user is not None and (user.id == found.user_id or user.is_admin)
    view = submission_view(found, with_source=owner)
    running = found.status == Verdict.RUNNING
    progress = latest_progress(services().redis, found.id) if running else None
    return {"s": view, "progress": progress, "final": found.status not in IN_FLIGHT}


@bp.get("/users/<path:name>")  # path: a name from elsewhere may hold a "/"
def user(name: str):
    # No stored name holds a NUL (PostgreSQL refuses one in text), nor is this long.
    known = len(name) <= 256 and "\x00" not in name
    standing = user_standing(services().db, name) if known else None
    if standing is None:
        abort(404, f"no user named {name[:64]!r}")
    return render_template("user.html", standing=standing)


@bp.route("/login", methods=["GET", "POST"])
def login():
    """Paste an API token to see one's own sources; a signed, HTTP-only cookie remembers it."""
    error = ""
    if request.method == "POST":
        _check_csrf()
        found = authenticate(services().db, request.form.get("token", "").strip())
        if found is not None:
            session.clear()
            session["user_id"] = found.id
            return redirect(url_for("pages.user", name=found.name), code=303)
        error = "that token is not valid"
    return render_template("login.html", error=error), 401 if error else 200


@bp.post("/logout")
def logout():
    _check_csrf()
    session.clear()
    return redirect(url_for("pages.home"), code=303)


# ---------------------------------------------------------------- the runtime plot

PLOT_W, PLOT_H, PAD = 640, 180, 28


def runtime_plot(distribution: Any) -> dict[str, Any] | None:
    """The histogram's geometry for the template's inline SVG: bars, the reference's line and
    the axis labels, in SVG units. ``None`` without data."""
    bins = distribution.bins()
    if not bins:
        return None
    width = (PLOT_W - 2 * PAD) / len(bins)
    tallest = max(count for _, _, count in bins)
    bars = []
    for i, (low, high, count) in enumerate(bins):
        height = (PLOT_H - 2 * PAD) * count / tallest
        bars.append(
            {
                "x": PAD + i * width,
                "y": PLOT_H - PAD - height,
                "w": max(width - 1, 1),
                "h": height,
                "title": f"{count} submission(s) between {low:.3g} and {high:.3g} ms",
            }
        )
    low, high = bins[0][0], bins[-1][1]
    reference = None
    if distribution.reference_ms:
        share = (math.log10(distribution.reference_ms) - math.log10(low)) / (
            math.log10(high) - math.log10(low)
        )
        reference = {"x": PAD + share * (PLOT_W - 2 * PAD), "ms": distribution.reference_ms}
    return {
        "w": PLOT_W,
        "h": PLOT_H,
        "pad": PAD,
        "bars": bars,
        "reference": reference,
        "low": low,
        "high": high,
        "count": len(distribution.medians_ms),
    }


def page_error(code: int, message: str):
    return render_template("error.html", code=code, message=message), code


def is_page(path: str) -> bool:
    return not (path.startswith(("/api/", "/static/")) or path in ("/healthz", "/metrics"))
