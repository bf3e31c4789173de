"""The operator's pages: the assessments, a new one, the reviewer's report (candidates by
challenges, sortable on the server), inviting and revoking candidates, a candidate's detail
(timeline, every submission's code and cases), the report's CSV and JSON, and the webhook's
deliveries. Server-rendered, readable without JavaScript; every route wants an admin logged
in to the pages (``/login``), and every form carries the session's CSRF token.

An invitation's code is shown once, on the page the invitation's POST answers: never in a
URL, the session or a later page (only its hash is kept)."""

from __future__ import annotations

import json
import math
import re
from typing import Any

from flask import Blueprint, Response, abort, redirect, render_template, request, url_for

from api.auth import services
from api.page_session import check_csrf_form, viewer
from api.similar import threshold_of
from api.views import submission_view
from judge import assessment_reports, candidates, similar_pairs
from judge import assessments as domain
from judge.assessments import AssessmentError
from judge.timing import stored_median_ms

bp = Blueprint("operator_pages", __name__, url_prefix="/assessments")

#: The report's columns that sort it, beside each challenge's slug; each one's first click
#: (most solved first, the rest ascending).
SORTS = {"name": False, "state": False, "solved": True, "time": False}
#: A candidate's states in the order of their progress, for sorting by state.
STATES = ("in_progress", "finished", "ready", "not_open", "expired", "revoked")


@bp.before_request
def _admins_only():
    """Anonymous: to the login page (a form's POST gets a 401 page); a user who is no admin,
    a candidate included: a 403 page."""
    user = viewer()
    if user is None:
        if request.method == "GET":
            return redirect(url_for("pages.login"), code=303)
        abort(401, "log in at /login with an admin's token")
    if not user.is_admin:
        abort(403, f"{user.name} is not an admin: the assessments are the operators'")
    return None


@bp.app_template_filter("utc")
def _utc(iso: str | None) -> str:
    """An ISO time of the report as the pages show it (to the second, UTC)."""
    return "" if not iso else iso[:19].replace("T", " ") + " UTC"


@bp.app_template_filter("minutes")
def _minutes(seconds: float | None) -> str:
    return "" if seconds is None else f"{seconds / 60:.1f} min"


# ---------------------------------------------------------------- the list and a new one


@bp.get("")
def assessments():
    return _list_page({})


@bp.post("")
def create():
    """The form's assessment made, then its page; a mistake re-shows the form with what was
    typed and the message (400)."""
    check_csrf_form()
    form = request.form
    try:
        made = domain.create_assessment(
            services().db,
            [c.slug for c in services().challenges.all()],
            title=form.get("title", ""),
            challenges=[s for s in re.split(r"[\s,]+", form.get("challenges", "")) if s],
            duration_s=_duration_s(form.get("duration_min", "")),
            opens_at=_moment(form.get("opens_at", ""), "opens"),
            closes_at=_moment(form.get("closes_at", ""), "closes"),
            intro=form.get("intro", "").replace("\r\n", "\n"),
            feedback=form.get("feedback", ""),
            webhook_url=form.get("webhook_url", ""),
        )
    except AssessmentError as exc:
        return _list_page(form, str(exc)), 400
    return redirect(url_for(".report", assessment_id=made.id), code=303)


def _duration_s(text: str) -> int:
    try:
        minutes = float(text.strip())
    except ValueError:
        minutes = math.nan
    # float() reads "nan" and "inf" too, and 1e308 minutes are an infinity of seconds, which
    # round() cannot make an integer of.
    if not math.isfinite(minutes * 60):
        raise AssessmentError(f"the duration is a number of minutes, not {text[:20]!r}")
    return round(minutes * 60)


def _moment(text: str, which: str):
    """A ``datetime-local`` input's value, UTC; empty is the default (now, a week on)."""
    if not text.strip():
        return None
    try:
        return domain.parse_time(text)
    except AssessmentError:
        raise AssessmentError(f"when the window {which} is a date and time (UTC)") from None


def _list_page(entered: Any, error: str = "") -> str:
    db = services().db
    counts = candidates.candidate_counts(db)
    rows = [
        dict(assessment_reports.assessment_view(a), candidates=counts.get(a.id, 0))
        for a in domain.list_assessments(db)
    ]
    return render_template(
        "assessments.html",
        assessments=rows,
        catalogue=services().challenges.catalogue(),
        feedback=domain.FEEDBACK,
        entered=entered,
        error=error,
    )


# ---------------------------------------------------------------- the report


@bp.get("/<int:assessment_id>")
def report(assessment_id: int):
    return _report_page(assessment_id)


@bp.post("/<int:assessment_id>/candidates")
def invite(assessment_id: int):
    """A candidate invited: the report again, with their personal link shown this once (201).
    The link is in this answer only; no redirect carries it, and the session never holds it."""
    check_csrf_form()
    form = request.form
    try:
        candidate, code = candidates.invite(
            services().db, assessment_id, form.get("name", ""), form.get("email", "")
        )
    except AssessmentError as exc:
        if exc.status == 404:
            abort(404, str(exc))
        return _report_page(assessment_id, entered=form, error=str(exc)), 400
    invited = {"name": candidate.name, "link": request.host_url + "invite#" + code}
    # Kept by no cache, nor by the browser's history: the link is a secret, shown this once.
    return _report_page(assessment_id, invited=invited), 201, {"Cache-Control": "no-store"}


@bp.post("/<int:assessment_id>/candidates/<int:candidate_id>/revoke")
def revoke(assessment_id: int, candidate_id: int):
    check_csrf_form()
    try:
        candidates.revoke(services().db, assessment_id, candidate_id)
    except AssessmentError as exc:
        abort(exc.status, str(exc))
    return redirect(url_for(".report", assessment_id=assessment_id), code=303)


def _report_page(assessment_id: int, **extra: Any) -> str:
    data = _report(assessment_id)
    slugs = data["assessment"]["challenges"]
    sort = request.args.get("sort", "")
    if sort not in SORTS and sort not in slugs:
        sort = ""
    descending = request.args.get("desc") == "1"
    rows = sort_candidates(data["candidates"], sort, descending) if sort else data["candidates"]
    names = {c["id"]: c["name"] for c in data["candidates"]}
    return render_template(
        "assessment.html",
        a=data["assessment"],
        rows=rows,
        sort=sort,
        descending=descending,
        sort_link=lambda column: _sort_link(assessment_id, column, sort, descending),
        feedback=domain.FEEDBACK,
        deliveries=assessment_reports.webhook_deliveries(services().db, assessment_id),
        # The receiver checks each signature with it; derived, so shown, never stored.
        webhook_secret=domain.webhook_secret(services().settings.secret_key, assessment_id),
        names=names,
        similar=similar_pairs.assessment_listing(services().db, assessment_id, threshold_of),
        entered=extra.pop("entered", {}),
        **extra,
    )


def _report(assessment_id: int) -> dict[str, Any]:
    try:
        return assessment_reports.report(services().db, assessment_id)
    except AssessmentError as exc:
        abort(exc.status, str(exc))


def _sort_link(assessment_id: int, column: str, sort: str, descending: bool) -> str:
    """The header's link: the column sorted its first way, or the other way if it already is."""
    desc = not descending if column == sort else SORTS.get(column, False)
    args = {"sort": column, **({"desc": 1} if desc else {})}
    return url_for(".report", assessment_id=assessment_id, **args) + "#report"


def sort_candidates(rows: list[dict[str, Any]], sort: str, descending: bool) -> list[dict]:
    """The report's rows by ``sort`` (a column of :data:`SORTS` or a challenge's slug); rows
    with nothing to compare (no time used, a challenge not tried) stay last either way."""
    keyed = [(_sort_key(row, sort), row) for row in rows]
    known = sorted(
        (pair for pair in keyed if pair[0] is not None),
        key=lambda pair: pair[0],
        reverse=descending,
    )
    return [row for _, row in known] + [row for key, row in keyed if key is None]


def _sort_key(row: dict[str, Any], sort: str) -> Any:
    if sort == "name":
        return (row["name"].casefold(), row["id"])
    if sort == "state":
        return (STATES.index(row["state"]) if row["state"] in STATES else len(STATES), row["id"])
    if sort == "solved":
        return (row["solved"], -(row["time_used_s"] or 0), -row["id"])
    if sort == "time":
        return None if row["time_used_s"] is None else (row["time_used_s"], row["id"])
    best = row["challenges"][sort]
    if not best["verdict"]:
        return None
    # Ascending is best first: accepted before the rest, the lower score first, then fewer
    # attempts.
    rank = assessment_reports.verdict_rank(best["verdict"])
    score = best["score"] if best["score"] is not None else float("inf")
    return (rank, score, best["attempts"], row["id"])


# ---------------------------------------------------------------- a candidate


@bp.get("/<int:assessment_id>/candidates/<int:candidate_id>")
def candidate(assessment_id: int, candidate_id: int):
    db = services().db
    try:
        assessment = domain.get_assessment(db, assessment_id)
        found = candidates.get_candidate(db, assessment_id, candidate_id)
    except AssessmentError as exc:
        abort(exc.status, str(exc))
    submissions = []
    for row in assessment_reports.candidate_submissions(db, found):
        view = submission_view(row, with_source=True)
        cases_ms = {c["name"]: _case_ms(c, view["clock"]) for c in view["cases"]}
        submissions.append(dict(view, case_ms=cases_ms))
    return render_template(
        "assessment_candidate.html",
        a=assessment_reports.assessment_view(assessment),
        c=assessment_reports.candidate_view(found, assessment),
        timeline=assessment_reports.timeline(db, found, assessment),
        submissions=submissions,
    )


def _case_ms(case: dict[str, Any], clock: str) -> float | None:
    """As on the submission page: a benchmark case's median run on the score's clock."""
    shown = stored_median_ms(case["timing"], clock) if case["timing"] else None
    return case["time_ms"] if shown is None else shown


# ---------------------------------------------------------------- the exports


@bp.get("/<int:assessment_id>/report.csv")
def report_csv(assessment_id: int):
    body = assessment_reports.report_csv(_report(assessment_id))
    return _attachment(body, "text/csv; charset=utf-8", f"assessment-{assessment_id}.csv")


@bp.get("/<int:assessment_id>/report.json")
def report_json(assessment_id: int):
    body = json.dumps(_report(assessment_id), indent=2, ensure_ascii=False) + "\n"
    return _attachment(body, "application/json", f"assessment-{assessment_id}.json")


def _attachment(body: str, mimetype: str, filename: str) -> Response:
    response = Response(body, content_type=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
