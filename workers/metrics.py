"""Prometheus metrics of the whole deployment, served by any API process at ``/metrics``.

Workers on any host push what happens to them into one Redis hash (``judge:metrics``): judgings
by outcome, their duration and their sandboxes' start, retries, flagged scores, submissions the
sweeper sent again, stray sandboxes removed; each labelled with the worker's name. An API process
reads that hash, the queues' depths and the database when it is scraped (:class:`Collector`), so
one scrape of one process sees every worker, and no process keeps state of its own to lose.
Counters go back to zero when Redis loses its data; Prometheus reads that as a reset.
"""

from __future__ import annotations

import json
import logging
import math
from collections import defaultdict
from collections.abc import Iterator
from typing import Any

import redis
from prometheus_client.core import (
    CounterMetricFamily,
    GaugeMetricFamily,
    HistogramMetricFamily,
    Metric,
)
from sqlalchemy import func, select
from sqlalchemy.exc import SQLAlchemyError

from judge.challenge_packages import ChallengeRepository
from judge.errors import JudgeError
from judge.storage import Database, Submission, utcnow
from judge.verdicts import FINAL_VERDICTS, IN_FLIGHT, Verdict
from workers.queue import QUEUES, queue_depths

log = logging.getLogger(__name__)

METRICS_KEY = "judge:metrics"
#: What a stored submission's status can be: waiting, being judged, or its verdict.
SUBMISSION_STATUSES = (*IN_FLIGHT, *FINAL_VERDICTS)

COUNTERS = {
    "judge_judged": "Judgings that ended, by outcome (a verdict, or queued: put off)",
    "judge_retries": "Judgings that were not a submission's first attempt",
    "judge_flagged": "Accepted submissions whose timing was not believed",
    "judge_sent_again": "Submissions the sweeper sent again, by reason (silent, lost)",
    "judge_strays_removed": "Stray sandbox containers removed",
}
HISTOGRAMS = {
    "judge_judging_seconds": (
        "Seconds from a submission's claim to its recorded verdict",
        (0.5, 1, 2, 5, 10, 20, 30, 60, 120, 300, 600),
    ),
    "judge_step_seconds": (
        "Seconds of one step of a judging (sandbox start, cases, timed runs, reference, ...)",
        (0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30),
    ),
    "judge_sandbox_start_seconds": (
        "Seconds a run waited for its container (a warm one's: taking it)",
        (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5),
    ),
}


def _field(name: str, labels: dict[str, str]) -> str:
    return json.dumps([name, labels], sort_keys=True)


class Recorder:
    """A worker's side: adds to the shared hash, best effort (metrics never fail a judging)."""

    def __init__(self, client: Any, worker: str) -> None:
        self.client = client
        self.worker = worker

    def count(self, name: str, amount: float = 1, **labels: str) -> None:
        assert name in COUNTERS, name
        self._apply([(_field(name, {"worker": self.worker, **labels}), amount)])

    def observe(self, name: str, value: float, **labels: str) -> None:
        _, buckets = HISTOGRAMS[name]
        labels = {"worker": self.worker, **labels}
        changes = [
            (_field(f"{name}_bucket", {**labels, "le": str(b)}), 1) for b in buckets if value <= b
        ]
        changes += [
            (_field(f"{name}_bucket", {**labels, "le": "+Inf"}), 1),
            (_field(f"{name}_count", labels), 1),
            (_field(f"{name}_sum", labels), value),
        ]
        self._apply(changes)

    def _apply(self, changes: list[tuple[str, float]]) -> None:
        try:
            pipe = self.client.pipeline(transaction=False)
            for field, amount in changes:
                pipe.hincrbyfloat(METRICS_KEY, field, amount)
            pipe.execute()
        except redis.RedisError as exc:
            log.debug("metrics not recorded: %s", exc)


class Collector:
    """The API's side: every metric, read when scraped."""

    def __init__(self, client: Any, db: Database, challenges: ChallengeRepository) -> None:
        self.client, self.db, self.challenges = client, db, challenges

    def collect(self) -> Iterator[Metric]:
        up = GaugeMetricFamily("judge_up", "Whether a part answered this scrape", labels=["part"])
        try:
            yield from self._pushed(self.client.hgetall(METRICS_KEY))
            depth = GaugeMetricFamily("judge_queue_depth", "Tasks waiting", labels=["queue"])
            for queue, count in queue_depths(self.client).items():
                depth.add_metric([queue], count)
            yield depth
            up.add_metric(["redis"], 1)
        except redis.RedisError as exc:
            log.warning("metrics: Redis does not answer: %s", exc)
            up.add_metric(["redis"], 0)
        try:
            yield from self._stored()
            up.add_metric(["database"], 1)
        except SQLAlchemyError as exc:
            log.warning("metrics: the database does not answer: %s", exc)
            up.add_metric(["database"], 0)
        yield up

    def _pushed(self, raw: dict[bytes, bytes]) -> Iterator[Metric]:
        values: dict[str, list[tuple[dict[str, str], float]]] = defaultdict(list)
        for field, value in raw.items():
            try:
                name, labels = json.loads(field)
                values[name].append((labels, float(value)))
            except (ValueError, TypeError):
                continue  # not ours
        for name, text in COUNTERS.items():
            family = CounterMetricFamily(name, text, labels=_label_names(values[name]))
            for labels, value in values[name]:
                family.add_metric(list(labels.values()), value)
            yield family
        for name, (text, _) in HISTOGRAMS.items():
            yield _histogram(name, text, values)

    def _stored(self) -> Iterator[Metric]:
        with self.db.session() as session:
            by_status = dict(
                session.execute(
                    select(Submission.status, func.count()).group_by(Submission.status)
                ).all()
            )
            oldest = session.execute(
                select(Submission.challenge, func.min(Submission.created_at))
                .where(Submission.status == Verdict.QUEUED.value)
                .group_by(Submission.challenge)
            ).all()
        submissions = GaugeMetricFamily(
            "judge_submissions", "Stored submissions, by status", labels=["status"]
        )
        for status in SUBMISSION_STATUSES:  # not a case's own verdicts (skipped)
            submissions.add_metric([status], by_status.get(status, 0))
        yield submissions
        waited = dict.fromkeys(QUEUES, 0.0)
        now = utcnow()
        for slug, created in oldest:
            queue = self._queue_of(slug)
            waited[queue] = max(waited[queue], (now - created).total_seconds())
        age = GaugeMetricFamily(
            "judge_oldest_queued_seconds",
            "How long the oldest queued submission of each queue has waited (0: none waits)",
            labels=["queue"],
        )
        for queue, seconds in waited.items():
            age.add_metric([queue], seconds)
        yield age

    def _queue_of(self, slug: str) -> str:
        try:
            device = self.challenges.get(slug).device
        except JudgeError:
            return "cpu"
        return device if device in QUEUES else "cpu"


def _label_names(series: list[tuple[dict[str, str], float]]) -> list[str]:
    return list(series[0][0]) if series else []


def _histogram(name: str, text: str, values: dict[str, Any]) -> Metric:
    """One histogram family from its bucket, count and sum fields, a series per set of labels
    (the worker's; and the step's, for ``judge_step_seconds``)."""
    series = values[f"{name}_bucket"]
    names = [label for label in (series[0][0] if series else {"worker": ""}) if label != "le"]
    family = HistogramMetricFamily(name, text, labels=names)
    buckets: dict[tuple[str, ...], list[tuple[str, float]]] = defaultdict(list)
    for labels, value in series:
        buckets[tuple(labels.get(n, "") for n in names)].append((labels["le"], value))
    sums = {tuple(labels.get(n, "") for n in names): v for labels, v in values[f"{name}_sum"]}
    for key, counts in sorted(buckets.items()):
        counts.sort(key=lambda pair: math.inf if pair[0] == "+Inf" else float(pair[0]))
        family.add_metric(list(key), counts, sums.get(key, 0.0))
    return family
