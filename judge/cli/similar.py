"""``judge similar``, the reviewers' command: the pairs of a challenge's submissions, or of an
assessment's candidates', that score at or above the challenge's calibrated threshold. Like
``judge assessments``, it acts on the deployment's database directly; the rules are
:mod:`judge.similar_pairs`'."""

from __future__ import annotations

from typing import Any

import click

from judge.cli import Exit, Failure, main
from judge.cli.operators import load_settings, open_database
from judge.cli.output import Output


@main.command("similar")
@click.argument("slug", required=False)
@click.option(
    "--assessment",
    "assessment_id",
    type=int,
    metavar="ID",
    help="Instead of a challenge: the pairs among assessment ID's candidates, per challenge.",
)
@click.option(
    "--index-earlier",
    "index_earlier",
    is_flag=True,
    help="Instead: fingerprint the judged submissions that have none (those judged before "
    "this version of the judge); the workers index every submission they judge.",
)
@click.pass_context
def similar(
    ctx: click.Context, slug: str | None, assessment_id: int | None, index_earlier: bool
) -> None:
    """Pairs of submissions that look copied: those of challenge SLUG (or, with --assessment,
    among an assessment's candidates) whose score reaches the challenge's threshold,
    highest first. A pair of one user's own submissions is left out.

    \b
    Example: judge similar matmul
             judge similar --assessment 3
             judge similar --index-earlier
    """
    if index_earlier:
        if slug is not None or assessment_id is not None:
            raise Failure("--index-earlier takes no SLUG nor --assessment", Exit.USAGE)
        _index_earlier(ctx)
        return
    if (slug is None) == (assessment_id is None):
        raise Failure("give a challenge's SLUG or --assessment ID (one of them)", Exit.USAGE)
    if slug is not None:
        _challenge_pairs(ctx, slug)
    else:
        _assessment_pairs(ctx, assessment_id or 0)


def _repository(ctx: click.Context) -> Any:
    from judge.challenge_packages import ChallengeRepository

    return ChallengeRepository(load_settings(ctx).challenges_dir)


def _index_earlier(ctx: click.Context) -> None:
    from judge import similarity_index, similarity_thresholds
    from judge.errors import ChallengeError

    repository = _repository(ctx)
    gone: set[str] = set()

    def given_of(slug: str) -> frozenset[int] | None:
        try:
            return similarity_thresholds.challenge_given(repository.get(slug))
        except ChallengeError:
            gone.add(slug)
            return None

    indexed, empty = similarity_index.index_earlier(open_database(ctx), given_of)
    output = Output()
    output.line(f"indexed {indexed} judged submission{'s' if indexed != 1 else ''}")
    if empty:
        output.line(
            f"{empty} of them have no fingerprint of their own (source that does not parse, "
            "or only the code every candidate is given): no pair will list them"
        )
    if gone:
        output.line(f"left as they are, their package gone: {', '.join(sorted(gone))}")


def _challenge_pairs(ctx: click.Context, slug: str) -> None:
    from judge import similar_pairs, similarity_thresholds
    from judge.errors import ChallengeError

    try:
        challenge = _repository(ctx).get(slug)
    except ChallengeError as exc:
        raise Failure(f"{exc} in {load_settings(ctx).challenges_dir}", Exit.USAGE) from None
    threshold = similarity_thresholds.challenge_threshold(challenge)
    listing = similar_pairs.challenge_listing(open_database(ctx), challenge.slug, threshold)
    shown = f"{threshold:.2f}"
    _table(ctx, listing["pairs"], f"{challenge.slug}: threshold {shown}", shown)


def _assessment_pairs(ctx: click.Context, assessment_id: int) -> None:
    from judge import similar_pairs, similarity_thresholds
    from judge.assessments import AssessmentError

    repository = _repository(ctx)

    def threshold_of(slug: str) -> float:
        return similarity_thresholds.threshold_in(repository, slug)

    try:
        listing = similar_pairs.assessment_listing(open_database(ctx), assessment_id, threshold_of)
    except AssessmentError as exc:
        raise Failure(str(exc), Exit.USAGE) from None
    thresholds = ", ".join(f"{slug} {t:.2f}" for slug, t in listing["thresholds"].items())
    title = f"assessment {assessment_id}: thresholds {thresholds}"
    _table(ctx, listing["pairs"], title, thresholds, by_challenge=True)


def _table(
    ctx: click.Context,
    pairs: list[dict[str, Any]],
    title: str,
    threshold: str,
    by_challenge: bool = False,
) -> None:
    """The pairs under ``title``, and where to read the first side by side; where there are
    none, says so with ``threshold``."""
    output = Output()
    if not pairs:
        output.line(f"no pair reaches the threshold ({threshold})")
        return
    columns = ["score", "submission a", "user a", "submission b", "user b"]
    rows = [
        [
            f"{pair['score']:.2f}",
            pair["a"]["submission"],
            _who(pair["a"]),
            pair["b"]["submission"],
            _who(pair["b"]),
        ]
        for pair in pairs
    ]
    if by_challenge:
        columns.insert(0, "challenge")
        for row, pair in zip(rows, pairs, strict=True):
            row.insert(0, pair["challenge"])
    output.table(columns, rows, title=title, keep={"submission a", "submission b"})
    a, b = pairs[0]["a"]["submission"], pairs[0]["b"]["submission"]
    address = f"{load_settings(ctx).public_base_url}similar/{a}/{b}"
    output.line(f"side by side, for an admin logged in to the pages: {address} (and so on)")


def _who(side: dict[str, Any]) -> str:
    """The author; a candidate marked as one, with their assessment."""
    if "assessment" in side:
        return f"{side['user']} (candidate, assessment {side['assessment']})"
    return side["user"]
