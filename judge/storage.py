"""SQLAlchemy models and sessions. SQLite by default; any SQLAlchemy URL through the settings."""

from __future__ import annotations

import datetime as dt
import logging
import time
import weakref
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from sqlalchemy import (
    BigInteger,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    create_engine,
    event,
    select,
)
from sqlalchemy.engine import make_url
from sqlalchemy.exc import InterfaceError, OperationalError, SQLAlchemyError
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship, sessionmaker

from judge.errors import StorageError
from judge.schema import create_schema
from judge.verdicts import Verdict

log = logging.getLogger(__name__)
T = TypeVar("T")


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


class Base(DeclarativeBase):
    pass


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(64), unique=True)
    # SHA-256 of the API token: the token itself is shown once and never stored.
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    is_admin: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class Submission(Base):
    __tablename__ = "submissions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    challenge: Mapped[str] = mapped_column(String(64), index=True)
    source: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(32), index=True, default=Verdict.QUEUED.value)
    message: Mapped[str] = mapped_column(Text, default="")
    log: Mapped[str] = mapped_column(Text, default="")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    # With the deployment's secret, picks the hidden cases: a rejudge sees the very same suite.
    seed: Mapped[int] = mapped_column(BigInteger, default=0, server_default="0")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    # When it was last queued or claimed: the sweeper re-queues what sits past its deadline.
    touched_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, index=True)
    started_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)
    finished_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)
    # Accepted and timed: the geometric mean of its benchmark medians over the reference's
    # (lower is faster), and the sum of those medians in milliseconds.
    score: Mapped[float | None] = mapped_column(Float, nullable=True, index=True)
    median_ms: Mapped[float | None] = mapped_column(Float, nullable=True)
    # How long its sandbox ran, as the worker saw it: the rest of its latency is the judge's own.
    run_ms: Mapped[float | None] = mapped_column(Float, nullable=True)
    # Why its own timing was not believed; a flagged submission is never ranked.
    flagged: Mapped[str] = mapped_column(Text, default="", server_default="")
    # What stands behind the score: the reference's time on the same inputs, timed right after
    # it (the sum of its benchmark medians, ms), and the machine both were timed on.
    reference_ms: Mapped[float | None] = mapped_column(Float, nullable=True)
    scored_on: Mapped[str] = mapped_column(String(200), default="", server_default="")
    # The clock the score and both medians are on: "cpu" (the sandbox's CPU time per run) or
    # "outside" (the runner's parent's clock); "" for rows scored before it was stored, whose
    # medians are outside times.
    clock: Mapped[str] = mapped_column(String(16), default="", server_default="")

    user: Mapped[User] = relationship()
    cases: Mapped[list[CaseResultRow]] = relationship(
        order_by="CaseResultRow.position", cascade="all, delete-orphan"
    )
    # Its fingerprints go with it (a removed user's submissions), none loaded until then.
    fingerprints: Mapped[list[SubmissionFingerprint]] = relationship(
        cascade="all, delete-orphan", passive_deletes=False, lazy="select"
    )


class SubmissionFingerprint(Base):
    """One of a judged submission's winnowed k-gram hashes (:mod:`judge.similarity`), looked up
    by (challenge, hash) to find the earlier submissions that share it."""

    __tablename__ = "submission_fingerprints"
    # Covering: the lookup reads the index alone, never the table (bench/similarity.py: 130 ms
    # at 10,000 submissions with (challenge, hash) only).
    __table_args__ = (
        Index(
            "ix_submission_fingerprints_challenge_hash",
            "challenge",
            "hash",
            "submission_id",
            "size",
        ),
    )

    submission_id: Mapped[int] = mapped_column(ForeignKey("submissions.id"), primary_key=True)
    hash: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    challenge: Mapped[str] = mapped_column(String(64))
    # How many fingerprints the submission has, on each of its rows: the score's denominator
    # comes with the shared count in one grouped query.
    size: Mapped[int] = mapped_column(Integer)


class SimilarMatch(Base):
    """One of a submission's nearest others of its challenge (another user's), found by the
    worker through the fingerprint index when it indexed the submission
    (:func:`judge.similarity_index.record`): what a challenge's listing of similar pairs reads, so
    that it costs what the pairs listed cost, not the square of the submissions."""

    __tablename__ = "similar_matches"
    __table_args__ = (
        Index("ix_similar_matches_challenge_score", "challenge", "score"),
        # The foreign key's other side: a removed submission's rows are found through it.
        Index("ix_similar_matches_other_id", "other_id"),
    )

    submission_id: Mapped[int] = mapped_column(ForeignKey("submissions.id"), primary_key=True)
    other_id: Mapped[int] = mapped_column(ForeignKey("submissions.id"), primary_key=True)
    challenge: Mapped[str] = mapped_column(String(64))
    score: Mapped[float] = mapped_column(Float)


class CaseResultRow(Base):
    __tablename__ = "case_results"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    submission_id: Mapped[int] = mapped_column(ForeignKey("submissions.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(128))
    verdict: Mapped[str] = mapped_column(String(32))
    message: Mapped[str] = mapped_column(Text, default="")
    time_ms: Mapped[float | None] = mapped_column(Float, nullable=True)
    # The peak memory of the submission's process during the case, as the runner measured it.
    memory_kb: Mapped[int | None] = mapped_column(Integer, nullable=True)
    public: Mapped[bool] = mapped_column(Boolean, default=False)
    # A timed benchmark case's figures (runs, median, min, IQR, ...) as JSON.
    timing: Mapped[str | None] = mapped_column(Text, nullable=True)


class Draft(Base):
    """A user's code for one challenge as they last saved it in the browser's workspace, not
    submitted: one per user and challenge, replaced by each save."""

    __tablename__ = "drafts"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True)
    challenge: Mapped[str] = mapped_column(String(64), primary_key=True)
    source: Mapped[str] = mapped_column(Text)
    # The server's clock: a page restores what was saved last, whichever browser saved it.
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class ExampleRunRow(Base):
    """A run of a challenge's public examples for a source, from the browser's workspace or the
    API: judged on a worker like a submission, but no submission (:mod:`judge.example_runs`)."""

    __tablename__ = "example_runs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    challenge: Mapped[str] = mapped_column(String(64))
    source: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(32), index=True, default=Verdict.QUEUED.value)
    message: Mapped[str] = mapped_column(Text, default="")
    # Each public example's name, verdict and message, as JSON: a run is read whole, never
    # queried by case.
    cases: Mapped[str] = mapped_column(Text, default="[]")
    log: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, index=True)
    # When it was queued, claimed, or its worker last said it is still judging it.
    touched_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    finished_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)


class Assessment(Base):
    """A timed interview: an ordered set of challenges that each invited candidate works on for
    ``duration_s`` from the moment they start, within the window ``opens_at``..``closes_at``
    (:mod:`judge.assessments`)."""

    __tablename__ = "assessments"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    intro: Mapped[str] = mapped_column(Text, default="")
    # The challenges' slugs in their order, as JSON: read whole, never queried by challenge.
    challenges: Mapped[str] = mapped_column(Text)
    duration_s: Mapped[int] = mapped_column(Integer)
    opens_at: Mapped[dt.datetime] = mapped_column(DateTime)
    closes_at: Mapped[dt.datetime] = mapped_column(DateTime, index=True)
    # What a candidate sees of a submission's result while it lasts: full, verdicts or none.
    feedback: Mapped[str] = mapped_column(String(16), default="full")
    webhook_url: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    # When the sweeper saw the window closed (and queued its webhook summary); None before.
    closed_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)


class Candidate(Base):
    """One invited person. Their work is done as a user of their own (``user_id``), made with
    the invitation and never shown anywhere public: drafts, example runs and submissions go the
    way every user's do, and the boards and user pages leave candidates' out."""

    __tablename__ = "candidates"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessments.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str] = mapped_column(String(254), default="")
    # SHA-256 of the invitation's secret code: the code is shown once and never stored.
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)
    opened_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)
    started_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)
    finished_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)
    # Why it ended: "finished" (the candidate said so), "time_up", or "" while it has not.
    finish_reason: Mapped[str] = mapped_column(String(32), default="")


class WebhookDelivery(Base):
    """One signed summary to POST to an assessment's webhook, kept until it is delivered or
    given up, so a worker that dies mid-delivery loses nothing (:mod:`judge.webhooks`)."""

    __tablename__ = "webhook_deliveries"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessments.id"), index=True)
    candidate_id: Mapped[int | None] = mapped_column(ForeignKey("candidates.id"), nullable=True)
    # "candidate.finished" or "assessment.closed".
    event: Mapped[str] = mapped_column(String(32))
    # pending, delivered or failed (given up after the last retry).
    status: Mapped[str] = mapped_column(String(16), default="pending", index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    next_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    delivered_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)


class Deployment(Base):
    """One row, made with the database: a random name of this deployment's database. Workers
    announce the one they write to; ``judge health`` compares it with the one it reads."""

    __tablename__ = "deployment"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    identity: Mapped[str] = mapped_column(String(32))


class Database:
    """An engine and a session factory; creates the schema on first use, or brings it up to
    date (unless ``migrate`` is false: a reader such as ``judge health`` changes nothing, and
    spares the migrations' import)."""

    def __init__(self, url: str, migrate: bool = True) -> None:
        self.url = url
        if url.startswith("sqlite:///"):
            Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
        engine = None
        try:
            engine = create_engine(url, pool_pre_ping=True)
            if engine.dialect.name == "sqlite":
                event.listen(engine, "connect", _sqlite_pragmas)
            if migrate:
                create_schema(engine)
        except SQLAlchemyError as exc:
            if engine is not None:
                engine.dispose()
            raise StorageError(f"cannot open the database at {url}: {exc}") from exc
        self.engine = engine
        self.session = sessionmaker(self.engine, expire_on_commit=False)
        # Its pooled connections closed when it is dropped, rather than left to the collector
        # (a PostgreSQL connection collected open is a warning, and a socket held till then).
        weakref.finalize(self, self.engine.dispose)

    def identity(self) -> str:
        """This database's random name (:class:`Deployment`)."""
        with self.session() as session:
            return session.scalars(select(Deployment.identity)).one()

    def where(self) -> str:
        """Its URL without the password: what an operator is told."""
        return make_url(self.url).render_as_string(hide_password=True)

    def close(self) -> None:
        self.engine.dispose()


def database_exists(url: str) -> bool:
    """Whether there is a database at ``url`` already, without creating one: a SQLite file is
    made by the first connection to it. A server's database is taken to exist (its server says
    otherwise when connected to)."""
    if url.startswith("sqlite:///"):
        return Path(url.removeprefix("sqlite:///")).is_file()
    return not url.startswith("sqlite:")  # sqlite:// alone is a new in-memory database


def retrying(action: Callable[[], T], budget_s: float, what: str) -> T:
    """``action()``, tried again while the database is only briefly away (locked past its busy
    timeout, restarting, the connection dropped), for ``budget_s`` seconds at most; then its
    error. Other errors (a constraint, a bug) are raised at once."""
    deadline = time.monotonic() + budget_s
    pause = 0.5
    while True:
        try:
            return action()
        except (OperationalError, InterfaceError) as exc:
            if time.monotonic() + pause > deadline:
                raise
            log.warning("could not %s (%s); trying again in %.1f s", what, exc.orig, pause)
            time.sleep(pause)
            pause = min(pause * 2, 5.0)


def _sqlite_pragmas(connection, _record) -> None:
    # The API and the workers are separate processes writing one file.
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()
