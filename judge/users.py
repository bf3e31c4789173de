"""Users and their API tokens: a token is shown once, when its user is added (or it is replaced),
and stored only as its hash."""

from __future__ import annotations

import hashlib
import re
import secrets

from sqlalchemy import delete, or_, select
from sqlalchemy.exc import IntegrityError

from judge.storage import (
    Candidate,
    Database,
    Draft,
    ExampleRunRow,
    SimilarMatch,
    Submission,
    User,
)

USER_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_token() -> str:
    """A fresh API token. Never one that starts with "-": given on a command line
    (``--token TOKEN``), it would read as an option (argparse refuses it), one time in 64."""
    token = secrets.token_urlsafe(32)
    while token.startswith("-"):
        token = secrets.token_urlsafe(32)
    return token


def add_user(db: Database, name: str, admin: bool = False) -> tuple[User, str]:
    """Create a user; returns it with its API token, which is not stored and cannot be recovered."""
    if not USER_NAME.match(name):
        raise ValueError("a user name is 1-64 letters, digits, '.', '_' or '-', starting alnum")
    token = new_token()
    user = User(name=name, token_hash=hash_token(token), is_admin=admin)
    with db.session() as session:
        session.add(user)
        try:
            session.commit()
        except IntegrityError:
            raise ValueError(f"a user named {name!r} already exists") from None
    return user, token


def authenticate(db: Database, token: str) -> User | None:
    if not token:
        return None
    with db.session() as session:
        return session.scalar(select(User).where(User.token_hash == hash_token(token)))


def list_users(db: Database) -> list[User]:
    """The judge's users; not the assessments' candidates (``judge assessments`` lists those)."""
    with db.session() as session:
        candidates = select(Candidate.user_id)
        query = select(User).where(User.id.not_in(candidates)).order_by(User.name)
        return list(session.scalars(query))


def replace_token(db: Database, name: str) -> str | None:
    """A new API token for user ``name``; the old one is refused from now on. ``None`` if there
    is no such user. For a lost or leaked token: it cannot be recovered, only replaced."""
    token = new_token()
    with db.session() as session:
        user = session.scalar(select(User).where(User.name == name))
        if user is None:
            return None
        user.token_hash = hash_token(token)
        session.commit()
    return token


def remove_user(db: Database, name: str, with_submissions: bool = False) -> int | None:
    """Remove user ``name``; ``None`` if there is none, else how many submissions went with it.

    A user's submissions are theirs: they go with the user (and with them the user's places on
    the leaderboards), so a user who has any is removed only ``with_submissions``; otherwise
    :class:`ValueError` says how many there are. Their drafts and example runs always go with them.
    """
    with db.session() as session:
        user = session.scalar(select(User).where(User.name == name))
        if user is None:
            return None
        candidate = session.scalar(select(Candidate).where(Candidate.user_id == user.id))
        if candidate is not None:
            # Their submissions are the assessment's record: the report, the CSV, the webhook.
            raise ValueError(
                f"{name} is candidate {candidate.name!r} of assessment {candidate.assessment_id}, "
                "not a user to remove: 'judge assessments revoke' ends their access"
            )
        own = list(session.scalars(select(Submission).where(Submission.user_id == user.id)))
        if own and not with_submissions:
            raise ValueError(
                f"{name} has {len(own)} submission(s); --with-submissions removes them too "
                f"(and {name}'s places on the leaderboards), or 'judge users token {name}' "
                "only replaces the token"
            )
        # The similar pairs others' submissions hold with these, and theirs (a subquery: a
        # user with thousands of submissions would pass SQLite's limit on parameters).
        ids = select(Submission.id).where(Submission.user_id == user.id)
        mentioned = or_(SimilarMatch.submission_id.in_(ids), SimilarMatch.other_id.in_(ids))
        session.execute(delete(SimilarMatch).where(mentioned))
        for submission in own:
            session.delete(submission)  # its case results and fingerprints go with it
        session.execute(delete(Draft).where(Draft.user_id == user.id))  # never shown to others
        session.execute(delete(ExampleRunRow).where(ExampleRunRow.user_id == user.id))
        session.flush()
        session.delete(user)
        session.commit()
        return len(own)
