"""Proving a challenge package in the real sandbox: what ``judge challenges check`` runs.

A package is proven when its reference is accepted with time to spare on every case and within
half of its memory and output limits, its starter is not accepted, every solution under
``right/`` is accepted and every one under ``wrong/`` gets exactly the verdict it declares on a
``# expect: <verdict>`` line.
"""

from __future__ import annotations

import dataclasses
import queue
import re
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from judge.challenges import Challenge
from judge.config import Settings
from judge.errors import ChallengeError
from judge.grading import Judgement
from judge.judging import judge
from judge.sandbox import Sandbox
from judge.verdicts import FINAL_VERDICTS, Verdict

DECLARED = re.compile(r"^#\s*expect:\s*(\w+)\s*$", re.MULTILINE)
NOT_ACCEPTED = "not accepted"
#: The reference may use at most this share of a case's time limit: room for slower machines,
#: noisy neighbours and a candidate's honest, less tuned solution.
COMFORT = 0.25
#: The reference is judged with this share of the memory and output limits, and must still pass.
HEADROOM = 0.5
SOLUTION_FOLDERS = ("right", "wrong")
REPORT_COLUMNS = ("solution", "must get", "got", "result", "slowest case", "message")
CUT_LIMITS = {  # what the reference's failure under HEADROOM means
    Verdict.MEMORY_LIMIT_EXCEEDED: f"needs more than {HEADROOM:.0%} of the memory limit",
    Verdict.OUTPUT_LIMIT_EXCEEDED: f"needs more than {HEADROOM:.0%} of the output limit",
}


@dataclasses.dataclass(frozen=True)
class Solution:
    """A file of the package and the verdict it must get."""

    path: Path
    expect: str
    timed: bool = False  # the reference: its runtime must sit well inside the limits

    @property
    def name(self) -> str:
        """As in the package: ``reference.py``, ``wrong/zeros.py``."""
        folder = self.path.parent.name
        return f"{folder}/{self.path.name}" if folder in SOLUTION_FOLDERS else self.path.name


@dataclasses.dataclass(frozen=True)
class Trial:
    """One solution judged: what it had to get, what it got, and whether that proves the point."""

    solution: Solution
    verdict: str
    message: str
    ok: bool
    timing: str = ""


def solutions(challenge: Challenge) -> list[Solution]:
    """Everything in the package that must be judged, the reference first."""
    found = [
        Solution(challenge.path / "reference.py", Verdict.ACCEPTED.value, timed=True),
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
    challenge: Challenge,
    sandboxes: Sequence[Sandbox],
    settings: Settings,
    seed: int,
    on_trial: Callable[[Trial], None] = lambda trial: None,
) -> list[Trial]:
    """Judge every solution of the package against the suite ``seed`` picks, as many at once as
    there are ``sandboxes`` (each pinned to its own CPUs, so that one solution's run does not
    slow another's clock); the trials come back, and are reported, in the package's order."""
    free: queue.SimpleQueue[Sandbox] = queue.SimpleQueue()
    for sandbox in sandboxes:
        free.put(sandbox)

    def attempt(solution: Solution) -> Trial:
        sandbox = free.get()
        try:
            source = solution.path.read_text(encoding="utf-8")
            judged_as = _with_headroom(challenge) if solution.timed else challenge
            judgement = judge(judged_as, source, sandbox, settings, seed=seed, timed=False)
        finally:
            free.put(sandbox)
        return _trial(challenge, solution, judgement)

    trials = []
    with ThreadPoolExecutor(max(1, len(sandboxes)), thread_name_prefix="prove") as pool:
        for pending in [pool.submit(attempt, solution) for solution in solutions(challenge)]:
            trial = pending.result()
            on_trial(trial)
            trials.append(trial)
    return trials


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
    else:
        ok = verdict == solution.expect
    message = "" if ok and verdict == Verdict.ACCEPTED.value else judgement.message
    if solution.timed and judgement.verdict in CUT_LIMITS:
        message = f"the reference {CUT_LIMITS[judgement.verdict]} ({message})"
    timing = ""
    if judgement.verdict is Verdict.ACCEPTED:
        # Shown for every accepted solution, so an author sees how close right/ ones come.
        timing, share = _slowest(challenge, judgement)
        if solution.timed:
            if share is None:
                message, ok = "no case reported a time", False
            elif share > COMFORT:
                message, ok = f"the reference uses more than {COMFORT:.0%} of the time limit", False
    return Trial(solution, verdict, message, ok, timing)


def _slowest(challenge: Challenge, judgement: Judgement) -> tuple[str, float | None]:
    """The slowest case against the time limit, as text and as a share of the limit: in CPU
    time, as the limit counts it, so that a busy machine does not change the share (the
    calls' own clock where no CPU time was measured)."""
    spent = {
        case.name: case.cpu_ms if case.cpu_ms is not None else case.time_ms
        for case in judgement.cases
        if case.cpu_ms is not None or case.time_ms is not None
    }
    if not spent:
        return "", None
    slowest = max(spent, key=lambda name: spent[name] or 0.0)
    limit_ms = challenge.limits.time_s * 1000
    share = (spent[slowest] or 0.0) / limit_ms
    return f"{spent[slowest]:.0f} ms of {limit_ms:.0f} ms ({share:.0%}) on {slowest}", share


def report_rows(trials: list[Trial], verbose: bool = False) -> list[tuple[str, ...]]:
    """The report ``judge challenges check`` prints, one row per solution (``REPORT_COLUMNS``):
    the judge's message only for one that failed, or for every one ``verbose``."""
    return [
        (
            trial.solution.name,
            trial.solution.expect,
            trial.verdict,
            "ok" if trial.ok else "FAIL",
            trial.timing,
            trial.message[:300] if verbose or not trial.ok else "",
        )
        for trial in trials
    ]
