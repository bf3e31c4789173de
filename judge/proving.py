"""Proving a challenge package in the real sandbox: what ``judge challenges check`` runs.

A package is proven when its reference is accepted within half of its memory and output limits,
on the path an accepted submission takes (its benchmark timed on input sets drawn for it, as a
candidate's is, and as the reference's own is for scoring); when its starter is not accepted,
every solution under ``right/`` is accepted and every one under ``wrong/`` gets exactly the
verdict it declares on a ``# expect: <verdict>`` line; and when every claim about speed holds
with a margin that a slower or busier machine cannot eat: the reference and every ``right/``
solution use at most ``COMFORT`` of the time limit on every case, and every solution declared
``time_limit_exceeded`` needs at least ``SLOW_MARGIN`` times it. A verdict that holds on one
machine only by a few percent would fail on the next one.
"""

from __future__ import annotations

import dataclasses
import math
import queue
import re
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from judge.challenges import Challenge
from judge.config import Settings
from judge.errors import ChallengeError
from judge.grading import Judgement
from judge.judging import Prepared, judge
from judge.sandbox import Sandboxes
from judge.verdicts import FINAL_VERDICTS, Verdict

DECLARED = re.compile(r"^#\s*expect:\s*(\w+)\s*$", re.MULTILINE)
NOT_ACCEPTED = "not accepted"
#: The reference and the right/ solutions may use at most this share of a case's time limit:
#: room for slower machines, noisy neighbours and a candidate's honest, less tuned solution.
COMFORT = 0.25
#: A solution declared too slow must need at least this many times a case's time limit, so that
#: a machine this much faster still stops it. It is judged with its time limit raised to that
#: (``_stretched``): stopped there, it needed more; accepted, its slowest case says how close it
#: came. Costs each such solution this many times the limit, instead of once, on its slow case.
SLOW_MARGIN = 2.5
#: The reference is judged with this share of the memory and output limits, and must still pass.
HEADROOM = 0.5
#: A right solution over ``COMFORT``, or a run the wall-clock backstop stopped before its CPU
#: time reached the limit it was judged with (the machine too busy to give it the CPU), is
#: judged again after every other solution, up to this many more times, and the best judging
#: counts. One run can stall for a tenth of a second (the kernel compacting memory for a large
#: array's huge pages, seen in the sandbox), and a busy neighbour on the CPU's core slows the
#: memory-bound ones by half again in CPU time (seen beside the test suite's attacks): neither
#: is a measure of the solution, and both pass. A solution that is slow is slow every time.
LOOKS_AGAIN = 2
SOLUTION_FOLDERS = ("right", "wrong")
REPORT_COLUMNS = ("solution", "must get", "got", "result", "time margin", "message")
CUT_LIMITS = {  # what the reference's failure under HEADROOM means
    Verdict.MEMORY_LIMIT_EXCEEDED: f"needs more than {HEADROOM:.0%} of the memory limit",
    Verdict.OUTPUT_LIMIT_EXCEEDED: f"needs more than {HEADROOM:.0%} of the output limit",
}


@dataclasses.dataclass(frozen=True)
class Solution:
    """A file of the package and the verdict it must get."""

    path: Path
    expect: str
    reference: bool = False  # judged with only HEADROOM of the memory and output limits

    @property
    def name(self) -> str:
        """As in the package: ``reference.py``, ``wrong/zeros.py``."""
        folder = self.path.parent.name
        return f"{folder}/{self.path.name}" if folder in SOLUTION_FOLDERS else self.path.name

    @property
    def fast(self) -> bool:
        """Must be accepted within ``COMFORT`` of the time limit on every case."""
        return self.expect == Verdict.ACCEPTED.value

    @property
    def slow(self) -> bool:
        """Must need at least ``SLOW_MARGIN`` times the time limit."""
        return self.expect == Verdict.TIME_LIMIT_EXCEEDED.value


@dataclasses.dataclass(frozen=True)
class Trial:
    """One solution judged: what it had to get, what it got, and whether that proves the point."""

    solution: Solution
    verdict: str
    message: str
    ok: bool
    margin: str = ""  # the slowest case against the time limit, for timed claims
    #: The slowest case's time over the time limit (``bench/margins.py`` reads it); None where
    #: no case reported a time.
    share: float | None = None
    #: Stopped by the wall-clock backstop before its CPU time reached its limit.
    cut_short: bool = False
    #: To be judged again (``LOOKS_AGAIN``): cut short, or a right solution over ``COMFORT``.
    again: bool = False


def solutions(challenge: Challenge) -> list[Solution]:
    """Everything in the package that must be judged, the reference first."""
    found = [
        Solution(challenge.path / "reference.py", Verdict.ACCEPTED.value, reference=True),
        Solution(challenge.path / "starter.py", NOT_ACCEPTED),
    ]
    for folder in SOLUTION_FOLDERS:
        for path in sorted((challenge.path / folder).glob("*.py")):
            found.append(Solution(path, declared_verdict(path)))
    if not any(s.path.parent.name == "wrong" for s in found):
        raise ChallengeError(f"{challenge.slug}: no wrong/ solutions to prove the suite with")
    return found


def declared_verdict(path: Path) -> str:
    match = DECLARED.search(path.read_text(encoding="utf-8"))
    if match is None or match[1] not in FINAL_VERDICTS:
        raise ChallengeError(
            f"{path} must declare '# expect: <verdict>', one of {sorted(FINAL_VERDICTS)}"
        )
    if path.parent.name == "right" and match[1] != Verdict.ACCEPTED.value:
        raise ChallengeError(f"{path}: a solution under right/ must expect accepted")
    return match[1]


def prove(
    challenges: Sequence[Challenge],
    slots: Sequence[Sandboxes[Any]],
    settings: Settings,
    seed: int,
    on_package: Callable[[Challenge, list[Trial]], None] = lambda challenge, trials: None,
    on_trial: Callable[[Challenge, Trial], None] = lambda challenge, trial: None,
    stretch: float = SLOW_MARGIN,
) -> dict[str, list[Trial]]:
    """Judge every solution of the packages against the suites ``seed`` picks, as many at once
    as there are ``slots`` (each pinned to its own CPUs, so that one solution's run does not
    slow another's clock; each with a sandbox per runtime). All the packages' solutions share
    the slots, the slow ones started first, so that no slot waits for another package's slowest
    solution; each package's trials come back, and are reported, in the package's order, as it
    is done. A solution that must be too slow is judged with its limit ``stretch`` times what it
    is (``SLOW_MARGIN``, or more to see how far past it the solution goes)."""
    free: queue.SimpleQueue[Sandboxes[Any]] = queue.SimpleQueue()
    for slot in slots:
        free.put(slot)
    suites: dict[str, Prepared] = {}
    making = threading.Lock()

    def suite(challenge: Challenge) -> Prepared:
        """The package's cases and the reference's results, made once for all its solutions
        (a tenth of a second to a second of this machine's CPU each time)."""
        with making:
            if challenge.slug not in suites:
                suites[challenge.slug] = Prepared.of(challenge, seed, settings)
            return suites[challenge.slug]

    def judged(challenge: Challenge, solution: Solution) -> Judgement:
        prepared = suite(challenge)
        slot = free.get()
        try:
            source = solution.path.read_text(encoding="utf-8")
            return judge(
                _judged_as(challenge, solution, stretch),
                source,
                slot.get(challenge.runtime),
                settings,
                seed=seed,
                # The reference's benchmark is timed, as an accepted submission's and the
                # reference's own for scoring are: the package's timed sets work, within the
                # reference's memory headroom. Every other solution runs it once.
                timed=solution.reference,
                prepared=prepared,
            )
        finally:
            free.put(slot)

    def attempt(challenge: Challenge, solution: Solution) -> Trial:
        judgement = judged(challenge, solution)
        limit_s = _judged_as(challenge, solution, stretch).limits.time_s
        cut_short = _cut_short(limit_s, judgement)
        over = solution.fast and _over_comfort(challenge, judgement)
        trial = _trial(challenge, solution, judgement)
        trial = dataclasses.replace(trial, cut_short=cut_short, again=cut_short or over)
        on_trial(challenge, trial)
        return trial

    work = [(c, s) for c in challenges for s in solutions(c)]
    # Longest first: a solution that must time out takes SLOW_MARGIN times its limit.
    started = sorted(work, key=lambda w: -w[0].limits.time_s * stretch * w[1].slow)
    proven: dict[str, list[Trial]] = {}
    with ThreadPoolExecutor(max(1, len(slots)), thread_name_prefix="prove") as pool:
        pending = {id(w): pool.submit(attempt, *w) for w in started}
        try:
            for challenge in challenges:
                trials = []
                for w in (w for w in work if w[0] is challenge):
                    trial = pending[id(w)].result()
                    for _ in range(LOOKS_AGAIN):
                        if not trial.again:
                            break
                        # Behind every solution queued so far: later than a busy spell.
                        trial = _better(trial, pool.submit(attempt, *w).result())
                    trials.append(trial)
                on_package(challenge, trials)
                # Its solutions are all judged: its suite is not held for the packages after it.
                with making:
                    suites.pop(challenge.slug, None)
                proven[challenge.slug] = trials
        except BaseException:  # Ctrl-C, say: the runs under way end, no other starts
            pool.shutdown(cancel_futures=True)
            raise
    return proven


def _judged_as(challenge: Challenge, solution: Solution, stretch: float) -> Challenge:
    """The package as ``solution`` is judged against: with tighter memory and output limits for
    the reference, a longer time limit for a solution that must be too slow."""
    if solution.reference:
        return _with_headroom(challenge)
    if solution.slow:
        return _stretched(challenge, stretch)
    return challenge


def _stretched(challenge: Challenge, stretch: float) -> Challenge:
    """The package with its time limit ``stretch`` times what it is."""
    longer = dataclasses.replace(challenge.limits, time_s=challenge.limits.time_s * stretch)
    return dataclasses.replace(challenge, limits=longer)


def _with_headroom(challenge: Challenge) -> Challenge:
    """The package with its memory and output limits cut to ``HEADROOM`` of what they are."""
    limits = challenge.limits
    tighter = dataclasses.replace(
        limits,
        memory_mb=max(1, int(limits.memory_mb * HEADROOM)),
        output_mb=max(1, int(limits.output_mb * HEADROOM)),
    )
    return dataclasses.replace(challenge, limits=tighter)


def _trial(challenge: Challenge, solution: Solution, judgement: Judgement) -> Trial:
    verdict = judgement.verdict.value
    if solution.expect == NOT_ACCEPTED:
        ok = judgement.verdict is not Verdict.ACCEPTED
    elif solution.slow:
        # Judged with the limit stretched: stopped by it, or finished (correctly) but slowly,
        # past the declared limit (which would have stopped it) or not.
        ok = judgement.verdict in (Verdict.TIME_LIMIT_EXCEEDED, Verdict.ACCEPTED)
        if ok and _past_the_limit(challenge, judgement):
            verdict = Verdict.TIME_LIMIT_EXCEEDED.value
    else:
        ok = verdict == solution.expect
    message = "" if ok and verdict == Verdict.ACCEPTED.value else judgement.message
    if solution.reference and judgement.verdict in CUT_LIMITS:
        message = f"the reference {CUT_LIMITS[judgement.verdict]} ({message})"
    margin = ""
    if ok and (solution.fast or solution.slow):
        margin, problem = _time_margin(challenge, solution, judgement)
        if problem:
            message, ok = problem, False
    slowest = _slowest(judgement)
    share = None if slowest is None else slowest[1] / (challenge.limits.time_s * 1000)
    return Trial(solution, verdict, message, ok, margin, share)


def _time_margin(challenge: Challenge, solution: Solution, judgement: Judgement) -> tuple[str, str]:
    """How far the slowest case stays from the time limit, as the report shows it, and what is
    wrong with that margin ("" if nothing)."""
    slowest = _slowest(judgement)
    if slowest is None:
        return "", "no case reported a time"
    case, spent_ms = slowest
    share = spent_ms / (challenge.limits.time_s * 1000)
    if solution.fast:
        shown = f"{share:.0%} of the limit on {case} (at most {COMFORT:.0%})"
        if share > COMFORT:
            return shown, f"uses more than {COMFORT:.0%} of the time limit on {case}"
        return shown, ""
    stopped = judgement.verdict is Verdict.TIME_LIMIT_EXCEEDED
    took = f"over {min(share, SLOW_MARGIN):.1f}x" if stopped else f"{share:.1f}x"
    shown = f"{took} the limit on {case} (at least {SLOW_MARGIN:g}x)"
    if share >= SLOW_MARGIN:
        return shown, ""
    if stopped:  # before its CPU time reached the stretched limit: by the wall-clock backstop
        return shown, (
            f"stopped after only {share:.1f}x the time limit of CPU time on {case}, by the "
            "wall-clock backstop: the machine is too busy to measure it"
        )
    return shown, (
        f"needs only {share:.1f}x the time limit on {case}: a machine {share:.1f} times faster "
        f"would accept it (at least {SLOW_MARGIN:g}x is required)"
    )


def _better(first: Trial, then: Trial) -> Trial:
    """Of two judgings of one solution, the one that counts: for a right solution, the faster
    one that was not cut short; for any other, the later (the first was cut short)."""
    if not first.solution.fast:
        return then
    return min(first, then, key=lambda t: (t.cut_short, math.inf if t.share is None else t.share))


def _cut_short(limit_s: float, judgement: Judgement) -> bool:
    """Stopped for time before its CPU time reached ``limit_s`` (with a twentieth's slack for
    the runner's reading of it): by the wall-clock backstop, the host too busy to give it the
    CPU."""
    stopped = judgement.verdict is Verdict.TIME_LIMIT_EXCEEDED
    return stopped and _slowest_ms(judgement) < 0.95 * limit_s * 1000


def _over_comfort(challenge: Challenge, judgement: Judgement) -> bool:
    limit_ms = challenge.limits.time_s * 1000
    return judgement.verdict is Verdict.ACCEPTED and _slowest_ms(judgement) > COMFORT * limit_ms


def _slowest_ms(judgement: Judgement) -> float:
    slowest = _slowest(judgement)
    return math.inf if slowest is None else slowest[1]


def _past_the_limit(challenge: Challenge, judgement: Judgement) -> bool:
    """Whether the package's own time limit would have stopped a run made with a longer one."""
    if judgement.verdict is Verdict.TIME_LIMIT_EXCEEDED:
        return True
    slowest = _slowest(judgement)
    return slowest is not None and slowest[1] > challenge.limits.time_s * 1000


def _slowest(judgement: Judgement) -> tuple[str, float] | None:
    """The case that took the most time and its milliseconds: in CPU time, as the limit counts
    it, so that a busy machine does not change the margin (the calls' own clock where no CPU
    time was measured)."""
    spent = {
        case.name: case.cpu_ms if case.cpu_ms is not None else case.time_ms
        for case in judgement.cases
        if case.cpu_ms is not None or case.time_ms is not None
    }
    if not spent:
        return None
    slowest = max(spent, key=lambda name: spent[name] or 0.0)
    return slowest, spent[slowest] or 0.0


def report_rows(trials: list[Trial], verbose: bool = False) -> list[tuple[str, ...]]:
    """The report ``judge challenges check`` prints, one row per solution (``REPORT_COLUMNS``):
    the judge's message only for one that failed, or for every one ``verbose``."""
    return [
        (
            trial.solution.name,
            trial.solution.expect,
            trial.verdict,
            "ok" if trial.ok else "FAIL",
            trial.margin,
            trial.message[:300] if verbose or not trial.ok else "",
        )
        for trial in trials
    ]
