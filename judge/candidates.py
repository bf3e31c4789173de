"""An assessment's candidates (:mod:`judge.assessments`): an operator invites them by name; each
gets a personal link holding a secret code, stored only as its hash, revocable, and refused once
the window has closed.

A candidate works as a user of their own, made with the invitation: drafts, example runs and
submissions go the way every user's do (the same checks, quotas, queues and sandboxes), and
:data:`PUBLIC` keeps candidates' submissions off every board and user page. When they may work is
their clock's to say (:mod:`judge.assessment_clock`).
"""

from __future__ import annotations

import datetime as dt
import hmac
import secrets

from sqlalchemy import func, select

from judge.assessments import AssessmentError, get_assessment, storable, time_words
from judge.storage import Assessment, Candidate, Database, Submission, User, utcnow
from judge.submissions import MAX_ID
from judge.users import hash_token, new_token
from judge.verdicts import IN_FLIGHT

NAME_MAX = 200
EMAIL_MAX = 254

#: Where the submissions of the judge's own users are: not a candidate's. Every board, user
#: page and statistic that is public filters on it.
PUBLIC = Submission.user_id.not_in(select(Candidate.user_id))


# ---------------------------------------------------------------- inviting


def invite(
    db: Database, assessment_id: int, name: str, email: str = "", now: dt.datetime | None = None
) -> tuple[Candidate, str]:
    """A candidate invited to the assessment, with their secret code (shown once: only its hash
    is kept). Refused once the window has closed."""
    now = now or utcnow()
    assessment = get_assessment(db, assessment_id)
    if assessment.closes_at <= now:
        raise AssessmentError("the assessment's window has closed: no one can be invited to it")
    name, email = name.strip(), email.strip()
    if not 1 <= len(name) <= NAME_MAX or not storable(name):
        raise AssessmentError(f"a candidate's name is 1 to {NAME_MAX} characters")
    if len(email) > EMAIL_MAX or not storable(email) or (email and "@" not in email):
        raise AssessmentError("the e-mail label is an address (name@host), or left out")
    code = secrets.token_urlsafe(24)
    # The candidate's own user: a name no operator can give (add_user wants a letter or digit
    # first) and a token that is never shown, so it cannot be used: the invitation is the key.
    user = User(name=f"~{secrets.token_hex(8)}", token_hash=hash_token(new_token()))
    with db.session() as session:
        session.add(user)
        session.flush()
        candidate = Candidate(
            assessment_id=assessment.id,
            user_id=user.id,
            name=name,
            email=email,
            code_hash=hash_token(code),
            created_at=now,
        )
        session.add(candidate)
        session.commit()
    return candidate, code


def revoke(db: Database, assessment_id: int, candidate_id: int) -> Candidate:
    """The candidate's link no longer opens, and their session ends with their next request.
    What they submitted stays in the report."""
    get_candidate(db, assessment_id, candidate_id)
    with db.session() as session:
        candidate = session.get(Candidate, candidate_id)
        assert candidate is not None
        if candidate.revoked_at is None:
            candidate.revoked_at = utcnow()
            session.commit()
        return candidate


def invite_link(base_url: str, code: str) -> str:
    """The candidate's personal link: the code in the fragment, which a browser never sends, so
    it reaches no server's log and no Referer (the /invite page's script posts it)."""
    return base_url.rstrip("/") + "/invite#" + code


def list_candidates(db: Database, assessment_id: int) -> list[Candidate]:
    with db.session() as session:
        query = select(Candidate).where(Candidate.assessment_id == assessment_id)
        return list(session.scalars(query.order_by(Candidate.id)))


def candidate_counts(db: Database) -> dict[int, int]:
    """How many candidates each assessment has (an assessment without any is absent)."""
    with db.session() as session:
        rows = session.execute(
            select(Candidate.assessment_id, func.count()).group_by(Candidate.assessment_id)
        ).all()
    return {assessment_id: count for assessment_id, count in rows}


def get_candidate(db: Database, assessment_id: int, candidate_id: int) -> Candidate:
    candidate = None
    if 0 < candidate_id <= MAX_ID:
        with db.session() as session:
            candidate = session.get(Candidate, candidate_id)
    if candidate is None or candidate.assessment_id != assessment_id:
        raise AssessmentError(f"no candidate {candidate_id} in assessment {assessment_id}", 404)
    return candidate


# ---------------------------------------------------------------- the candidate's side


def redeem(db: Database, code: str, now: dt.datetime | None = None) -> Candidate:
    """The candidate whose invitation ``code`` is. Refused (401) for a wrong, revoked or expired
    code, in the same words for a wrong one and a revoked one (the code is a secret: no answer
    says whether one was ever given)."""
    now = now or utcnow()
    digest = hash_token(code.strip()) if code.strip() else ""
    with db.session() as session:
        candidate = session.scalar(select(Candidate).where(Candidate.code_hash == digest))
        # The lookup is by hash; the comparison is still constant-time, whatever an index does.
        valid = candidate is not None and hmac.compare_digest(candidate.code_hash, digest)
        if not valid or candidate is None or candidate.revoked_at is not None:
            raise AssessmentError("this invitation code is not valid", 401)
        assessment = session.get(Assessment, candidate.assessment_id)
        assert assessment is not None
        if assessment.closes_at <= now and candidate.started_at is None:
            raise AssessmentError(
                "this invitation expired when the assessment closed, "
                + time_words(assessment.closes_at),
                401,
            )
        if candidate.opened_at is None:
            candidate.opened_at = now
            session.commit()
        return candidate


def candidate_of(db: Database, user: User | None) -> Candidate | None:
    """The candidate ``user`` works as, if any (a revoked one too: see :func:`active`)."""
    if user is None:
        return None
    with db.session() as session:
        return session.scalar(select(Candidate).where(Candidate.user_id == user.id))


def is_private(db: Database, submission: Submission) -> bool:
    """Whether ``submission`` is a candidate's: seen by its candidate and the operators only."""
    with db.session() as session:
        query = select(Candidate.id).where(Candidate.user_id == submission.user_id)
        return session.scalar(query) is not None


def in_flight(db: Database, candidate: Candidate) -> int:
    """How many of the candidate's submissions are still being judged."""
    with db.session() as session:
        query = select(Submission.id).where(
            Submission.user_id == candidate.user_id, Submission.status.in_(IN_FLIGHT)
        )
        return len(session.scalars(query).all())
