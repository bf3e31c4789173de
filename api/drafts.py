"""Drafts over the API: a user's unsubmitted code for a challenge, kept on the server. The
challenge page's workspace reads and saves the same drafts with its session (``api.workspace``);
both answer through the functions here."""

from __future__ import annotations

from flask import Blueprint, jsonify

from api.auth import bearer_user, check_may_work, services
from api.errors import ApiError
from api.inputs import json_strings, source_refusal
from judge.drafts import load_draft, save_draft
from judge.errors import UnknownChallenge
from judge.standings import iso
from judge.storage import User
from judge.submissions import SourceRefused

bp = Blueprint("drafts", __name__, url_prefix="/api/v1/challenges")


@bp.get("/<slug>/draft")
def show_draft(slug: str):
    return draft_answer(_token_user(), slug)


@bp.put("/<slug>/draft")
def save(slug: str):
    return saved_answer(_token_user(), slug)


def _token_user() -> User:
    user = bearer_user(required=True)
    assert user is not None
    return user


class NoDraft(ApiError):
    """The user has saved no draft of the challenge (yet)."""


def draft_answer(user: User, slug: str):
    """``{source, updated_at}`` of ``user``'s draft of the challenge; 404 for an unknown
    challenge or when none was saved (:class:`NoDraft`)."""
    slug = _known(slug)
    draft = load_draft(services().db, user, slug)
    if draft is None:
        raise NoDraft(404, f"{user.name} has no draft of {slug!r} saved: PUT one first")
    return jsonify(source=draft.source, updated_at=iso(draft.updated_at))


def saved_answer(user: User, slug: str):
    """The body's ``{source}`` saved as ``user``'s draft of the challenge: ``{updated_at}``, the
    server's time. 400 for a malformed body, 404 for an unknown challenge, 413 past the size
    limit that submissions have."""
    (source,) = json_strings("source")
    slug = _known(slug)
    check_may_work(user, slug)  # a candidate's text is frozen when their time is up
    try:
        draft = save_draft(services().db, user, slug, source, services().settings.max_source_bytes)
    except SourceRefused as exc:
        raise source_refusal(exc) from None
    return jsonify(updated_at=iso(draft.updated_at))


def _known(slug: str) -> str:
    try:
        return services().challenges.get(slug).slug
    except UnknownChallenge as exc:
        raise ApiError(404, str(exc)) from None
