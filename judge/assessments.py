"""Assessments: a team's timed interview. An operator makes one (a title, an ordered set of
challenges, a duration per candidate, a window in which it may be started, an intro, a feedback
policy, an optional webhook); this module makes, checks and finds them.

The rest of an assessment's life is in modules of their own:

- :mod:`judge.candidates`: the invited candidates: invitations by name, each a personal link
  holding a secret code, stored only as its hash, revocable, and refused once the window has
  closed; redeeming a code; which submissions are a candidate's (:data:`~judge.candidates.PUBLIC`
  keeps them off every board and user page).
- :mod:`judge.assessment_clock`: the candidate's clock, on the server's: **Start**, **Finish**,
  what a candidate may do and when (:func:`~judge.assessment_clock.work_refusal`), and the
  sweeper's :func:`~judge.assessment_clock.settle`, which records what the clock ended and queues
  the webhook's signed summary (:mod:`judge.webhooks`).
- :mod:`judge.assessment_feedback`: what a candidate sees of their results under the feedback
  policy.
- :mod:`judge.assessment_reports`: the reviewer's report, its CSV, a candidate's timeline, and the
  views of assessments and candidates that the API and pages show.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
from urllib.parse import urlsplit

from sqlalchemy import select

from judge.storage import Assessment, Database, utcnow
from judge.submissions import MAX_ID

#: What a candidate sees of each submission's result while the assessment lasts
#: (:mod:`judge.assessment_feedback` shapes it).
FEEDBACK = {
    "full": "every case's verdict and message, as on the submission page",
    "verdicts": "each case's verdict, without messages or output",
    "none": "only that the submission was received",
}
MIN_DURATION_S = 10
MAX_DURATION_S = 7 * 24 * 3600
DEFAULT_WINDOW = dt.timedelta(days=7)
TITLE_MAX = 200
INTRO_MAX = 20_000
MAX_CHALLENGES = 20


class AssessmentError(ValueError):
    """A request about an assessment that cannot be done, in words for the operator or the
    candidate; ``status`` is the HTTP answer it maps to."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.status = status


# ---------------------------------------------------------------- making


def create_assessment(
    db: Database,
    known: list[str],
    *,
    title: str,
    challenges: list[str],
    duration_s: int,
    opens_at: dt.datetime | None = None,
    closes_at: dt.datetime | None = None,
    intro: str = "",
    feedback: str = "full",
    webhook_url: str = "",
    now: dt.datetime | None = None,
) -> Assessment:
    """A new assessment of ``challenges`` (slugs, in order, each one of ``known``). The window
    opens now unless told, and closes :data:`DEFAULT_WINDOW` after it opens unless told."""
    now = now or utcnow()
    title = title.strip()
    if not 1 <= len(title) <= TITLE_MAX:
        raise AssessmentError(f"a title is 1 to {TITLE_MAX} characters")
    if not challenges:
        raise AssessmentError("an assessment needs at least one challenge")
    if len(challenges) > MAX_CHALLENGES:
        raise AssessmentError(f"an assessment has at most {MAX_CHALLENGES} challenges")
    unknown = [slug for slug in challenges if slug not in known]
    if unknown:
        raise AssessmentError(f"no challenge named {unknown[0][:64]!r}", 404)
    if len(set(challenges)) != len(challenges):
        raise AssessmentError("a challenge appears twice in the assessment")
    if not MIN_DURATION_S <= duration_s <= MAX_DURATION_S:
        raise AssessmentError(
            f"the duration is {MIN_DURATION_S} s to {MAX_DURATION_S // 86400} days, "
            f"not {duration_s} s"
        )
    opens_at = _naive_utc(opens_at) or now
    try:
        closes_at = _naive_utc(closes_at) or opens_at + DEFAULT_WINDOW
    except OverflowError:  # opening in the year 9999
        raise AssessmentError("the window must close before the year 10000") from None
    if closes_at <= opens_at:
        raise AssessmentError("the window must close after it opens")
    if closes_at <= now:
        raise AssessmentError("the window must close in the future")
    if feedback not in FEEDBACK:
        raise AssessmentError(f"feedback is one of {', '.join(FEEDBACK)}, not {feedback[:32]!r}")
    if len(intro) > INTRO_MAX:
        raise AssessmentError(f"the intro is at most {INTRO_MAX} characters")
    if not storable(title + intro):
        raise AssessmentError("the title and intro must be text: no NUL, no lone surrogate")
    webhook_url = check_webhook_url(webhook_url)
    assessment = Assessment(
        title=title,
        intro=intro,
        challenges=json.dumps(list(challenges)),
        duration_s=int(duration_s),
        opens_at=opens_at,
        closes_at=closes_at,
        feedback=feedback,
        webhook_url=webhook_url,
        created_at=now,
    )
    with db.session() as session:
        session.add(assessment)
        session.commit()
    return assessment


def check_webhook_url(url: str) -> str:
    """``url`` if it is an http(s) address (or empty: no webhook)."""
    url = url.strip()
    if not url:
        return ""
    try:
        parts = urlsplit(url)
        scheme, hostname, _ = parts.scheme, parts.hostname, parts.port
    except ValueError:  # an unclosed "[" of an IPv6 address, a port that is no number
        scheme, hostname = "", None
    # Printable only: a URL is never a place for control characters, nor for a NUL, which
    # PostgreSQL refuses in text.
    if (
        scheme not in ("http", "https")
        or not hostname
        or len(url) > 2000
        or not url.isprintable()
        or not storable(url)
    ):
        raise AssessmentError("the webhook is an http:// or https:// URL")
    return url


def webhook_secret(secret_key: bytes, assessment_id: int) -> str:
    """The secret that signs the assessment's webhook deliveries (:mod:`judge.webhooks`),
    derived from the deployment's secret: nothing to store, the same on every worker, and one
    assessment's secret tells nothing of another's."""
    return hmac.new(secret_key, b"judge webhook %d" % assessment_id, hashlib.sha256).hexdigest()


def storable(text: str) -> bool:
    """Whether ``text`` can be stored as text: no NUL (PostgreSQL refuses it) and no lone
    surrogate (which JSON may carry, and no database encodes)."""
    if "\x00" in text:
        return False
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _naive_utc(moment: dt.datetime | None) -> dt.datetime | None:
    """The database's times are naive UTC; an aware time is converted, a naive one is UTC."""
    if moment is None or moment.tzinfo is None:
        return moment
    return moment.astimezone(dt.UTC).replace(tzinfo=None)


def parse_time(text: str) -> dt.datetime:
    """An ISO 8601 time (``2026-12-24T09:00``, ``...Z``, ``...+01:00``); naive means UTC."""
    try:
        moment = dt.datetime.fromisoformat(text.strip())
        return _naive_utc(moment)  # type: ignore[return-value]
    except (ValueError, OverflowError):  # OverflowError: 9999-12-31T23:00-05:00 is past 9999
        raise AssessmentError(f"not an ISO 8601 time: {text[:40]!r}") from None


def get_assessment(db: Database, assessment_id: int) -> Assessment:
    found = None
    if 0 < assessment_id <= MAX_ID:  # a wider number is no key, and no database's integer
        with db.session() as session:
            found = session.get(Assessment, assessment_id)
    if found is None:
        raise AssessmentError(f"no assessment {assessment_id}", 404)
    return found


def list_assessments(db: Database) -> list[Assessment]:
    with db.session() as session:
        return list(session.scalars(select(Assessment).order_by(Assessment.id.desc())))


def challenge_slugs(assessment: Assessment) -> list[str]:
    return json.loads(assessment.challenges)


def time_words(moment: dt.datetime | None) -> str:
    """A time as the candidate reads it: ``2026-12-24 09:00:00 UTC`` (empty for none)."""
    return "" if moment is None else moment.strftime("%Y-%m-%d %H:%M:%S UTC")
