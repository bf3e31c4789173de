"""The operator's commands for assessments (``judge assessments ...``): make one, list them,
show one with its candidates, invite a candidate (printing their personal link), revoke an
invitation, and read the report as a table, CSV or JSON. Like ``judge users``, they act on the
deployment's database directly; the rules are :mod:`judge.assessments`', :mod:`judge.candidates`'
and :mod:`judge.assessment_reports`'."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import click

from judge.cli import Exit, Failure, main
from judge.cli.operators import load_settings, open_database, say, where_stored
from judge.cli.output import Output

#: :data:`judge.assessments.FEEDBACK`'s keys, written here so that the command line starts
#: without loading the database's modules (a test holds the two lists together).
FEEDBACK_POLICIES = ("full", "verdicts", "none")
DURATION = re.compile(r"(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?")
BARE_MINUTES = re.compile(r"\d+(?:\.\d+)?")


def parse_duration(text: str) -> int:
    """Seconds, from ``90m``, ``1h30m``, ``45s``, ``2h`` or a bare number of minutes (``90``,
    ``1.5``)."""
    text = text.strip().lower()
    if BARE_MINUTES.fullmatch(text):
        return round(float(text) * 60)
    found = DURATION.fullmatch(text)
    if not text or found is None:
        raise Failure(
            f"--duration is like 90m, 1h30m, 45s or 90 (minutes), not {text[:40]!r}", Exit.USAGE
        )
    hours, minutes, seconds = (int(part or 0) for part in found.groups())
    return hours * 3600 + minutes * 60 + seconds


def duration_words(seconds: int) -> str:
    """``5400`` as ``1h30m``: the way ``--duration`` is written."""
    hours, rest = divmod(seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    parts = [(hours, "h"), (minutes, "m"), (seconds, "s")]
    return "".join(f"{n}{unit}" for n, unit in parts if n) or "0s"


def _when(moment: dt.datetime | None) -> str:
    return "" if moment is None else moment.strftime("%Y-%m-%d %H:%M UTC")


def _when_iso(text: str | None) -> str:
    return "" if text is None else _when(dt.datetime.fromisoformat(text))


def _refused(exc: Exception) -> Failure:
    """An assessment's rule, broken: the operator's to mend (exit 2)."""
    return Failure(str(exc), Exit.USAGE)


@main.group()
def assessments() -> None:
    """Timed interviews: make an assessment, invite candidates, read the report."""


@assessments.command("create")
@click.option("--title", required=True, help="What candidates and reviewers see it called.")
@click.option(
    "--challenge",
    "challenges",
    metavar="SLUG",
    multiple=True,
    required=True,
    help="A challenge of the assessment; repeat it for each, in the order candidates see them.",
)
@click.option(
    "--duration",
    required=True,
    help="Each candidate's time from their Start: 90m, 1h30m, 45s, or minutes (90).",
)
@click.option(
    "--opens", metavar="ISO", help="When it may be started (default: now; UTC unless an offset)."
)
@click.option(
    "--closes", metavar="ISO", help="When the window closes (default: a week after it opens)."
)
@click.option(
    "--intro-file",
    type=click.Path(exists=True, dir_okay=False),
    help="A text file shown to candidates before they start.",
)
@click.option(
    "--feedback",
    type=click.Choice(FEEDBACK_POLICIES),
    default="full",
    show_default=True,
    help="What a candidate sees of each submission's result: everything, the verdicts, or "
    "nothing but that it was received.",
)
@click.option("--webhook", metavar="URL", default="", help="Where to POST a signed summary.")
@click.pass_context
def create(
    ctx: click.Context,
    title: str,
    challenges: tuple[str, ...],
    duration: str,
    opens: str | None,
    closes: str | None,
    intro_file: str | None,
    feedback: str,
    webhook: str,
) -> None:
    """Make an assessment and print its id (and its webhook's signing secret, if any).

    \b
    Example: judge assessments create --title "Round 1" --duration 90m
             --challenge matmul --challenge softmax
    """
    from judge.assessments import AssessmentError, create_assessment, webhook_secret

    seconds = parse_duration(duration)
    intro = _read_intro(intro_file)
    known = _known_challenges(ctx)
    unknown = [slug for slug in challenges if slug not in known]
    if unknown:
        where = load_settings(ctx).challenges_dir
        raise Failure(f"no challenge named {unknown[0]!r} in {where}", Exit.USAGE)
    try:
        assessment = create_assessment(
            open_database(ctx),
            known,
            title=title,
            challenges=list(challenges),
            duration_s=seconds,
            opens_at=_time("--opens", opens),
            closes_at=_time("--closes", closes),
            intro=intro,
            feedback=feedback,
            webhook_url=webhook,
        )
    except AssessmentError as exc:
        raise _refused(exc) from None
    say(
        f"made assessment {assessment.id} in {where_stored(ctx)}: {len(challenges)} challenge(s), "
        f"{duration_words(assessment.duration_s)} per candidate, open from "
        f"{_when(assessment.opens_at)} to {_when(assessment.closes_at)}"
    )
    click.echo(assessment.id)
    if assessment.webhook_url:
        say("the webhook's signing secret (HMAC-SHA256 key) follows")
        click.echo(webhook_secret(load_settings(ctx).secret_key, assessment.id))


def _read_intro(path: str | None) -> str:
    if path is None:
        return ""
    try:
        return Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise Failure(f"cannot read the intro file {path}: {exc}", Exit.USAGE) from None


def _known_challenges(ctx: click.Context) -> list[str]:
    """The slugs of the deployment's challenge packages that load."""
    from judge.challenge_packages import ChallengeRepository
    from judge.errors import ChallengeError

    try:
        return [c.slug for c in ChallengeRepository(load_settings(ctx).challenges_dir).all()]
    except ChallengeError as exc:
        raise Failure(str(exc), Exit.USAGE) from None


def _time(option: str, text: str | None) -> dt.datetime | None:
    from judge.assessments import AssessmentError, parse_time

    if text is None:
        return None
    try:
        return parse_time(text)
    except AssessmentError as exc:
        raise Failure(f"{option}: {exc}", Exit.USAGE) from None


@assessments.command("list")
@click.pass_context
def listing(ctx: click.Context) -> None:
    """List the assessments, newest first.

    Example: judge assessments list
    """
    from judge.assessments import challenge_slugs, list_assessments
    from judge.candidates import list_candidates

    db = open_database(ctx)
    rows = [
        [
            a.id,
            a.title,
            " ".join(challenge_slugs(a)),
            duration_words(a.duration_s),
            _when(a.opens_at),
            _when(a.closes_at),
            len(list_candidates(db, a.id)),
        ]
        for a in list_assessments(db)
    ]
    columns = ["id", "title", "challenges", "duration", "opens", "closes", "candidates"]
    Output().table(columns, rows, keep={"id"})


@assessments.command("show")
@click.argument("assessment_id", type=int)
@click.pass_context
def show(ctx: click.Context, assessment_id: int) -> None:
    """Show assessment ASSESSMENT_ID and its candidates, each with where they stand.

    Example: judge assessments show 3
    """
    from judge.assessment_reports import candidate_view
    from judge.assessments import FEEDBACK, challenge_slugs, webhook_secret
    from judge.candidates import list_candidates

    db = open_database(ctx)
    assessment = _assessment(ctx, assessment_id)
    out = Output()
    out.line(f"assessment {assessment.id}: {assessment.title}")
    out.line(f"challenges: {', '.join(challenge_slugs(assessment))}")
    out.line(f"duration: {duration_words(assessment.duration_s)} per candidate")
    out.line(f"window: {_when(assessment.opens_at)} to {_when(assessment.closes_at)}")
    out.line(f"feedback: {assessment.feedback} ({FEEDBACK[assessment.feedback]})")
    if assessment.webhook_url:
        out.line(f"webhook: {assessment.webhook_url}")
        out.line(f"webhook secret: {webhook_secret(load_settings(ctx).secret_key, assessment.id)}")
    candidates = [candidate_view(c, assessment) for c in list_candidates(db, assessment.id)]
    if not candidates:
        out.line(f"no candidates yet: judge assessments invite {assessment.id} NAME")
        return
    out.line()
    columns = ["id", "name", "email", "state", "started", "finished", "time used"]
    rows = [
        [
            c["id"],
            c["name"],
            c["email"],
            c["state"],
            _when_iso(c["started_at"]),
            _when_iso(c["finished_at"]),
            _minutes(c["time_used_s"]),
        ]
        for c in candidates
    ]
    out.table(columns, rows, keep={"id", "state"})


def _minutes(seconds: float | None) -> str:
    return "" if seconds is None else f"{seconds / 60:.1f} min"


def _assessment(ctx: click.Context, assessment_id: int) -> Any:
    from judge.assessments import AssessmentError, get_assessment

    try:
        return get_assessment(open_database(ctx), assessment_id)
    except AssessmentError as exc:
        raise _refused(exc) from None


@assessments.command("invite")
@click.argument("assessment_id", type=int)
@click.argument("name")
@click.option("--email", default="", help="A label for the report; no mail is sent.")
@click.option(
    "--url",
    "base_url",
    help="The judge's address as candidates reach it (default: JUDGE_PUBLIC_URL, else "
    "http://JUDGE_API_HOST:JUDGE_API_PORT/).",
)
@click.pass_context
def invite_candidate(
    ctx: click.Context, assessment_id: int, name: str, email: str, base_url: str | None
) -> None:
    """Invite NAME to assessment ASSESSMENT_ID and print their personal link.

    The link holds a secret code, shown only now (only its hash is kept): send it to the
    candidate. It stops opening when revoked, or when the window closes.

    Example: judge assessments invite 3 "Ada Lovelace" --email ada@example.com
    """
    from judge.assessments import AssessmentError
    from judge.candidates import invite, invite_link

    base = base_url or load_settings(ctx).public_base_url
    if not re.match(r"https?://[^/\s]", base):
        raise Failure(f"--url is the judge's http:// or https:// address, not {base!r}", Exit.USAGE)
    try:
        candidate, code = invite(open_database(ctx), assessment_id, name, email)
    except AssessmentError as exc:
        raise _refused(exc) from None
    say(
        f"invited {candidate.name} (candidate {candidate.id}) to assessment {assessment_id}; "
        "their personal link (shown once) follows"
    )
    click.echo(invite_link(base, code))


@assessments.command("revoke")
@click.argument("assessment_id", type=int)
@click.argument("candidate_id", type=int)
@click.pass_context
def revoke_candidate(ctx: click.Context, assessment_id: int, candidate_id: int) -> None:
    """Revoke candidate CANDIDATE_ID's invitation: their link no longer opens, and their
    session ends with their next request. What they submitted stays in the report.

    Example: judge assessments revoke 3 12
    """
    from judge.assessments import AssessmentError
    from judge.candidates import revoke

    try:
        candidate = revoke(open_database(ctx), assessment_id, candidate_id)
    except AssessmentError as exc:
        raise _refused(exc) from None
    say(f"revoked {candidate.name}'s invitation (candidate {candidate.id})")


@assessments.command("report")
@click.argument("assessment_id", type=int)
@click.option("--csv", "form", flag_value="csv", help="As CSV: one row per candidate.")
@click.option("--json", "form", flag_value="json", help="As JSON, as the API gives it.")
@click.pass_context
def show_report(ctx: click.Context, assessment_id: int, form: str | None) -> None:
    """The report of assessment ASSESSMENT_ID: each candidate's state, time used and, per
    challenge, the best verdict, its score and the attempts.

    Example: judge assessments report 3 --csv > round-1.csv
    """
    from judge.assessment_reports import report, report_csv
    from judge.assessments import AssessmentError

    try:
        data = report(open_database(ctx), assessment_id)
    except AssessmentError as exc:
        raise _refused(exc) from None
    if form == "csv":
        click.echo(report_csv(data), nl=False)
    elif form == "json":
        click.echo(json.dumps(data, indent=2))
    else:
        _report_table(data)


def _report_table(data: dict[str, Any]) -> None:
    slugs = data["assessment"]["challenges"]
    columns = ["id", "candidate", "state", "time used", "solved", *slugs]
    rows = [
        [
            row["id"],
            row["name"],
            row["state"],
            _minutes(row["time_used_s"]),
            f"{row['solved']}/{len(slugs)}",
            *(_best(row["challenges"][slug]) for slug in slugs),
        ]
        for row in data["candidates"]
    ]
    Output().table(columns, rows, title=data["assessment"]["title"], keep={"id"})


def _best(best: dict[str, Any]) -> str:
    """A candidate's best on a challenge: ``accepted x1.25 (3 tries)``, ``-`` when none."""
    if not best["attempts"]:
        return "-"
    score = "" if best["score"] is None else f" x{best['score']:.2f}"
    tries = best["attempts"]
    return f"{best['verdict']}{score} ({tries} {'try' if tries == 1 else 'tries'})"
