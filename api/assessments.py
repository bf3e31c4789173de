"""Assessments over the API, for operators (an admin's token on every route): make one, invite
candidates (each answer the one place their secret code is shown), revoke an invitation, read
the report as JSON or CSV, and see the webhook's deliveries. The rules are
:mod:`judge.assessments`', :mod:`judge.candidates`' and :mod:`judge.assessment_reports`'; this
module reads requests and words answers."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, jsonify, request, url_for

from api.auth import operators_only, services
from api.errors import ApiError
from api.inputs import json_fields
from judge.assessment_reports import (
    assessment_view,
    candidate_view,
    report,
    report_csv,
    webhook_deliveries,
)
from judge.assessments import (
    AssessmentError,
    create_assessment,
    get_assessment,
    list_assessments,
    parse_time,
    webhook_secret,
)
from judge.candidates import invite, invite_link, list_candidates, revoke
from judge.storage import Assessment

bp = Blueprint("assessments", __name__, url_prefix="/api/v1/assessments")

#: What ``POST /api/v1/assessments`` reads: required fields, then optional ones, by kind.
CREATE_REQUIRED = {"title": "string", "challenges": "strings"}
CREATE_OPTIONAL = {
    "duration_s": "integer",
    "duration_minutes": "number",
    "opens_at": "string",
    "closes_at": "string",
    "intro": "string",
    "feedback": "string",
    "webhook_url": "string",
}
REPORT_FORMATS = ("json", "csv")


operators_only(bp)


@bp.post("")
def create():
    fields = json_fields(CREATE_REQUIRED, CREATE_OPTIONAL)
    known = [challenge.slug for challenge in services().challenges.all()]
    assessment = create_assessment(
        services().db,
        known,
        title=fields["title"],
        challenges=fields["challenges"],
        duration_s=_duration_s(fields),
        opens_at=_time(fields, "opens_at"),
        closes_at=_time(fields, "closes_at"),
        intro=fields.get("intro", ""),
        feedback=fields.get("feedback", "full"),
        webhook_url=fields.get("webhook_url", ""),
    )
    return jsonify(_operator_view(assessment)), 201


def _duration_s(fields: dict[str, Any]) -> int:
    """Seconds, from ``duration_s`` or ``duration_minutes`` (exactly one of them)."""
    given = [name for name in ("duration_s", "duration_minutes") if name in fields]
    if len(given) != 1:
        raise ApiError(400, "give the duration once: 'duration_s' or 'duration_minutes'")
    if given == ["duration_s"]:
        return fields["duration_s"]
    seconds = fields["duration_minutes"] * 60
    if not -1e12 < seconds < 1e12:  # out of range whatever it is; round() of 1e308 * 60 fails
        raise ApiError(400, f"'duration_minutes' is out of range: {fields['duration_minutes']}")
    return round(seconds)


def _time(fields: dict[str, Any], name: str):
    if name not in fields:
        return None
    try:
        return parse_time(fields[name])
    except AssessmentError as exc:
        raise ApiError(400, f"'{name}' is {exc}") from None


@bp.get("")
def listing():
    return jsonify(assessments=[assessment_view(a) for a in list_assessments(services().db)])


@bp.get("/<int:assessment_id>")
def show(assessment_id: int):
    assessment = get_assessment(services().db, assessment_id)
    view = _operator_view(assessment)
    candidates = list_candidates(services().db, assessment.id)
    view["candidates"] = [candidate_view(c, assessment) for c in candidates]
    return jsonify(view)


def _operator_view(assessment: Assessment) -> dict[str, Any]:
    """The assessment with its report's address and, where it has a webhook, the key that
    signs each delivery (derived, not stored: the same every time it is shown)."""
    view = assessment_view(assessment)
    view["url"] = url_for("assessments.show_report", assessment_id=assessment.id)
    if assessment.webhook_url:
        view["webhook_secret"] = webhook_secret(services().settings.secret_key, assessment.id)
    return view


@bp.post("/<int:assessment_id>/candidates")
def add_candidate(assessment_id: int):
    fields = json_fields({"name": "string"}, {"email": "string"})
    candidate, code = invite(services().db, assessment_id, fields["name"], fields.get("email", ""))
    # The address the operator reached: behind a trusted proxy, its scheme (ProxyFix).
    link = invite_link(request.url_root, code)
    answer = {
        "id": candidate.id,
        "name": candidate.name,
        "email": candidate.email,
        "code": code,
        "link": link,
    }
    return jsonify(answer), 201, {"Cache-Control": "no-store"}  # the code: kept by no cache


@bp.post("/<int:assessment_id>/candidates/<int:candidate_id>/revoke")
def revoke_candidate(assessment_id: int, candidate_id: int):
    candidate = revoke(services().db, assessment_id, candidate_id)
    return jsonify(candidate_view(candidate, get_assessment(services().db, assessment_id)))


@bp.get("/<int:assessment_id>/report")
def show_report(assessment_id: int):
    kind = request.args.get("format", "json")
    if kind not in REPORT_FORMATS:
        raise ApiError(400, f"'format' is json or csv, not {kind[:16]!r}")
    data = report(services().db, assessment_id)
    if kind == "json":
        return jsonify(data)
    filename = f"assessment-{assessment_id}.csv"
    return (
        report_csv(data),
        200,
        {
            "Content-Type": "text/csv; charset=utf-8",
            "Content-Disposition": f'attachment; filename="{filename}"',
        },
    )


@bp.get("/<int:assessment_id>/webhooks")
def webhooks(assessment_id: int):
    assessment = get_assessment(services().db, assessment_id)
    return jsonify(deliveries=webhook_deliveries(services().db, assessment.id))
