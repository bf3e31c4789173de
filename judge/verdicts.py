"""Verdicts and submission states, with the one order used to combine them."""

from __future__ import annotations

import enum
from collections.abc import Iterable


class Verdict(enum.StrEnum):
    """The outcome of a case or a submission; also the submission's in-flight states."""

    QUEUED = "queued"
    RUNNING = "running"
    ACCEPTED = "accepted"
    WRONG_ANSWER = "wrong_answer"
    TIME_LIMIT_EXCEEDED = "time_limit_exceeded"
    MEMORY_LIMIT_EXCEEDED = "memory_limit_exceeded"
    RUNTIME_ERROR = "runtime_error"
    OUTPUT_LIMIT_EXCEEDED = "output_limit_exceeded"
    INVALID_SUBMISSION = "invalid_submission"
    INTERNAL_ERROR = "internal_error"
    # A case that was not run because an earlier one already failed or ended the run.
    SKIPPED = "skipped"

    @property
    def is_final(self) -> bool:
        return self.value not in IN_FLIGHT

    @property
    def priority(self) -> int:
        """Higher wins when two findings describe the same case (an OOM kill beats the crash)."""
        return _PRIORITY[self]


class Phase(enum.StrEnum):
    """Where a running submission is, in its progress events (``"phase"``, beside the status
    ``running``): the CLI's and the pages' words for them (``api/static/judge.js``) follow it."""

    STARTED = "started"  # a case began (``case``, ``case_name``)
    FINISHED = "finished"  # a case ended
    TIMING = "timing"  # a benchmark case's first run ended: its timed runs follow
    BENCHMARK = "benchmark"  # every other case was right: the benchmark is timed now
    REFERENCE = "timing the reference"  # an accepted submission's reference is timed now


# When one case yields several findings, the most specific and most serious one is reported:
# the judge's own failure first, then what the kernel told us (memory), then the runner's.
_PRIORITY = {
    Verdict.QUEUED: 0,
    Verdict.RUNNING: 1,
    Verdict.SKIPPED: 2,
    Verdict.ACCEPTED: 3,
    Verdict.WRONG_ANSWER: 4,
    Verdict.RUNTIME_ERROR: 5,
    Verdict.OUTPUT_LIMIT_EXCEEDED: 6,
    Verdict.TIME_LIMIT_EXCEEDED: 7,
    Verdict.MEMORY_LIMIT_EXCEEDED: 8,
    Verdict.INVALID_SUBMISSION: 9,
    Verdict.INTERNAL_ERROR: 10,
}

#: A submission's statuses while it waits for a worker or is judged; every other one is final.
IN_FLIGHT = (Verdict.QUEUED.value, Verdict.RUNNING.value)
#: What a submission can end with (``skipped`` is a case's only).
FINAL_VERDICTS = tuple(v.value for v in Verdict if v.is_final and v is not Verdict.SKIPPED)


def most_severe(verdicts: Iterable[Verdict]) -> Verdict:
    """The finding that wins for one case."""
    return max(verdicts, key=lambda v: v.priority, default=Verdict.ACCEPTED)


def submission_verdict(case_verdicts: Iterable[Verdict]) -> Verdict:
    """A submission's verdict is its first failing case's; accepted if none fails."""
    for verdict in case_verdicts:
        if verdict not in (Verdict.ACCEPTED, Verdict.SKIPPED):
            return verdict
    return Verdict.ACCEPTED
