"""The reviewers' similarity pages: a challenge's pairs that look copied, and two submissions
side by side with the regions they share highlighted. An admin's alone, like the assessments'
pages (the same gate); an assessment's own pairs are on its report (:mod:`api.operator_pages`).
Server-rendered, readable without JavaScript, and at a phone's width one source above the
other."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, render_template

from api.auth import services
from api.operator_pages import _admins_only
from api.similar import given_of, threshold_of
from judge import similar_pairs, similarity_thresholds
from judge.errors import UnknownChallenge

bp = Blueprint("similar_pages", __name__, url_prefix="/similar")
bp.before_request(_admins_only)

#: The highlight colours the view cycles through, one per shared region (judge.css's m0..m5).
COLOURS = 6
#: The most shared regions the view shows (the API has them all).
SHOWN = 500


@bp.get("/<slug>")
def challenge(slug: str):
    try:
        found = services().challenges.get(slug)
    except UnknownChallenge as exc:
        abort(404, str(exc))
    threshold = similarity_thresholds.challenge_threshold(found)
    listing = similar_pairs.challenge_listing(services().db, found.slug, threshold)
    return render_template("similar_challenge.html", title=found.title, **listing)


@bp.get("/<int:submission_id>/<int:other_id>")
def pair(submission_id: int, other_id: int):
    try:
        compared = similar_pairs.pair_comparison(
            services().db, submission_id, other_id, given_of, threshold_of
        )
    except similar_pairs.PairRefused as exc:
        abort(exc.status, str(exc))
    matches = compared["matches"][:SHOWN]
    return render_template(
        "similar_pair.html",
        p=compared,
        matches=matches,
        lines_a=numbered_lines(compared["a"]["source"], [m["a"] for m in matches]),
        lines_b=numbered_lines(compared["b"]["source"], [m["b"] for m in matches]),
        colours=COLOURS,
    )


def numbered_lines(source: str, regions: list[list[int]]) -> list[dict[str, Any]]:
    """The source's lines, each with its number, the shared region it is tinted as (the first
    one that spans it; ``None`` for none), and the regions that begin on it (their anchors)."""
    # Lines as the tokenizer counts them: "\n" ends one, a form feed or U+2028 does not.
    lines = [line.removesuffix("\r") for line in source.split("\n")]
    if len(lines) > 1 and lines[-1] == "":
        lines.pop()
    region_of: dict[int, int] = {}
    starts: dict[int, list[int]] = {}
    unmarked: dict[int, int] = {}  # a line to the next one not yet tinted, where known
    for index, (first, last) in enumerate(regions):
        starts.setdefault(first, []).append(index)
        # Each line tinted once, however many regions span it: the first one's colour, in
        # time linear in the lines (thousands of regions may span one long run of lines).
        number = _next_unmarked(unmarked, first)
        while number <= last:
            region_of[number] = index
            unmarked[number] = number + 1
            number = _next_unmarked(unmarked, number + 1)
    return [
        {
            "number": number,
            "text": text,
            "region": region_of.get(number),
            "starts": starts.get(number, []),
        }
        for number, text in enumerate(lines, start=1)
    ]


def _next_unmarked(unmarked: dict[int, int], number: int) -> int:
    """The first line from ``number`` not yet tinted, the jumps on the way shortened."""
    path = []
    while number in unmarked:
        path.append(number)
        number = unmarked[number]
    for passed in path:
        unmarked[passed] = number
    return number
