"""Drafts: a user's code for a challenge as last saved from the browser's workspace, kept on the
server so that a reload, or another browser, finds it. One per user and challenge; each save
replaces it. A draft is its user's alone, and is never judged: submitting stores a submission."""

from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from judge.storage import Database, Draft, User, utcnow
from judge.submissions import check_source


def save_draft(db: Database, user: User, challenge: str, source: str, max_bytes: int) -> Draft:
    """Store ``source`` as ``user``'s draft of ``challenge``, under the size limit submissions
    have (:class:`~judge.submissions.SourceRefused` otherwise), and return it."""
    check_source(source, max_bytes)
    draft = Draft(user_id=user.id, challenge=challenge, source=source, updated_at=utcnow())
    with db.session() as session:
        if not _replace(session, draft):
            session.add(draft)
            try:
                session.commit()
                return draft
            except IntegrityError:  # another save (a second tab) made it first: ours is newer
                session.rollback()
                _replace(session, draft)
        session.commit()
    return draft


def _replace(session, draft: Draft) -> bool:
    """Overwrite the stored draft with ``draft``'s source and time; ``False`` if there is none."""
    result = session.execute(
        update(Draft)
        .where(Draft.user_id == draft.user_id, Draft.challenge == draft.challenge)
        .values(source=draft.source, updated_at=draft.updated_at)
    )
    return bool(result.rowcount)


def load_draft(db: Database, user: User, challenge: str) -> Draft | None:
    """``user``'s draft of ``challenge``, if one was saved."""
    with db.session() as session:
        return session.scalar(
            select(Draft).where(Draft.user_id == user.id, Draft.challenge == challenge)
        )
