"""One source judged on a challenge: its static checks (:mod:`judge.static_checks`), the plan
(:mod:`judge.planning`), the sandbox's run as it streams (:mod:`judge.conversation`), timed on a
pool's input sets (:mod:`judge.timed_sets`), and graded (:mod:`judge.grading`).

User mistakes become verdicts. Infrastructure faults (:class:`JudgeError`) propagate to the
caller, which records them as ``internal_error``.
"""

from __future__ import annotations

import dataclasses
import time
from typing import Any

from judge.challenges import Case, Challenge
from judge.config import Settings
from judge.conversation import PlannedRun, Progress, run_job
from judge.grading import Judgement, whole
from judge.lockstep import Partner, Turnstile
from judge.planning import plan
from judge.sandbox import Sandbox
from judge.static_checks import static_problem
from judge.timed_sets import Pool, TimedInputs, TimedSets
from judge.verdicts import Verdict

__all__ = ["Prepared", "Progress", "judge", "judge_examples", "judge_reference"]


def judge(
    challenge: Challenge,
    source: str,
    sandbox: Sandbox,
    settings: Settings,
    progress: Progress | None = None,
    labels: dict[str, str] | None = None,
    seed: int = 0,
    timed: bool = True,
    prepared: Prepared | None = None,
    pool: Pool | None = None,
    partner: Partner | None = None,
) -> Judgement:
    """Judge ``source`` against every case of ``challenge``; ``seed`` picks the hidden cases.

    With ``timed``, the benchmark cases are timed once every other case has passed, on the
    input sets of ``pool`` (the worker's, for the reference's times on them to be reused; none:
    sets drawn for this judging alone); without, they are run once, as ordinary cases.
    ``prepared``: the cases of ``seed`` and their expected results, made once by a caller that
    judges many sources on them (``judge challenges check``), instead of once a source.
    ``partner``: the reference's run, started at the go-ahead for the timed runs to take turns
    with (:mod:`judge.lockstep`); the sandbox's backstop waits for its runs too.
    """
    began = time.monotonic()
    cases = prepared.cases if prepared else challenge.cases(seed, settings.secret_key)
    problem = static_problem(source, challenge)
    if problem:
        return whole(cases, Verdict.INVALID_SUBMISSION, problem)
    expected = prepared.expected if prepared else [challenge.expected(c) for c in cases]
    job, limits = plan(challenge, source, cases, settings, timed)
    planned = time.monotonic()
    drawn = pool or TimedSets(settings).fresh(challenge)
    inputs = lambda: drawn.inputs(cases)  # noqa: E731  at the go-ahead only
    partner = partner if job.benchmarks else None
    if partner is not None:
        limits = dataclasses.replace(limits, wall_s=limits.wall_s + partner.wall_s)
    to_run = PlannedRun(challenge, cases, expected, job, limits, inputs, partner)
    judgement = run_job(to_run, sandbox, progress, labels)
    judgement.costs_ms["cases and expected results"] = (planned - began) * 1000
    return judgement


@dataclasses.dataclass(frozen=True)
class Prepared:
    """The cases a seed picks, and the reference's results on them."""

    cases: list[Case]
    expected: list[list[Any]]

    @classmethod
    def of(cls, challenge: Challenge, seed: int, settings: Settings) -> Prepared:
        cases = challenge.cases(seed, settings.secret_key)
        return cls(cases, [challenge.expected(case) for case in cases])


def judge_examples(
    challenge: Challenge,
    source: str,
    sandbox: Sandbox,
    settings: Settings,
    progress: Progress | None = None,
    labels: dict[str, str] | None = None,
) -> Judgement:
    """Judge ``source`` on ``challenge``'s public examples only, as :func:`judge` judges a
    submission (the same plan, limits, sandbox and grading), untimed: the workspace's Run
    examples (:mod:`judge.example_runs`)."""
    cases = challenge.examples()
    problem = static_problem(source, challenge)
    if problem:
        return whole(cases, Verdict.INVALID_SUBMISSION, problem)
    expected = [challenge.expected(case) for case in cases]
    job, limits = plan(challenge, source, cases, settings, timed=False)
    return run_job(PlannedRun(challenge, cases, expected, job, limits), sandbox, progress, labels)


def judge_reference(
    challenge: Challenge,
    sandbox: Sandbox,
    settings: Settings,
    pool: Pool,
    labels: dict[str, str] | None = None,
    ran: dict[str, list[int]] | None = None,
    every_set: bool = True,
    turnstile: Turnstile | None = None,
    beside_s: float = 0.0,
) -> Judgement:
    """The reference timed on the input sets of ``pool``, in a sandbox of its own: its benchmark
    cases alone, for submissions' times on the same sets to be paired with.
    ``ran``: the sets a submission just ran, by case name, in its order; the reference runs those
    first, in that order (its first runs and the submission's, slower on both sides, then pair
    with each other), then, with ``every_set``, the others (times to keep, for the sets later
    submissions run); without it, those alone (times for that submission only: a submission
    whose budget allowed five of twelve sets no longer waits for the reference's twelve).
    ``turnstile``: its timed runs take turns with a submission's run of at most ``beside_s``
    seconds (:mod:`judge.lockstep`), which its sandbox's backstop waits for too."""
    cases = list(challenge.benchmarks(settings.secret_key))
    expected = [challenge.expected(case) for case in cases]
    given = ran or {}
    alone = not every_set and all(given.get(case.name) for case in cases)
    runs = max(len(set(given[case.name])) for case in cases) if alone and cases else pool.count
    job, limits = plan(challenge, challenge.reference_source, cases, settings, True, every_set=runs)
    limits = dataclasses.replace(limits, wall_s=limits.wall_s + beside_s)

    def inputs() -> TimedInputs:
        made = pool.inputs(cases)
        orders = {}
        for index, case in enumerate(cases):
            theirs = given.get(case.name, [])
            orders[index] = (
                _valid(theirs, made.sets) if alone else _submissions_first(theirs, made.sets)
            )
        return dataclasses.replace(made, orders=orders)

    planned = PlannedRun(challenge, cases, expected, job, limits, inputs, turnstile=turnstile)
    return run_job(planned, sandbox, None, labels)


def _submissions_first(ran: list[int], sets: int) -> list[int]:
    """Every set, ``ran``'s first (in its order), then the others."""
    first = _valid(ran, sets)
    return first + [v for v in range(1, sets + 1) if v not in first]


def _valid(ran: list[int], sets: int) -> list[int]:
    """``ran``'s sets, each once, in its order, among the ``sets`` there are."""
    return [v for v in dict.fromkeys(ran) if 0 < v <= sets]
